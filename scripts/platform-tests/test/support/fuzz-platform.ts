import http from 'node:http';
import { createKafka, createLogger } from '@order-platform/service-kit';
import { infra, startTestPlatform, type TestPlatform } from './test-platform.js';

export { infra };
export const kafka = createKafka({
  clientId: 'http-fuzz-test',
  brokers: infra.KAFKA_BROKERS,
  logger: createLogger('http-fuzz-test', 'warn'),
});

/**
 * The platform of the fuzz and runtime tests (test-platform.ts), logging at warn, so 10,000
 * requests do not become 30,000 lines.
 */
export function startFuzzPlatform(options: { visibilityWaitMs: number }): Promise<TestPlatform> {
  return startTestPlatform('fuzz-catalog', {
    firstPort: 22_800,
    env: { LOG_LEVEL: 'warn', VISIBILITY_WAIT_MS: String(options.visibilityWaitMs) },
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request over the shared keep-alive agent, byte for byte as generated (node:http, not fetch,
 * so any method and raw path go out).
 */
export function sendRaw(
  agent: http.Agent,
  port: number,
  request: { method: string; path: string; headers: Record<string, string>; body?: Buffer; chunked: boolean },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body && !request.chunked) headers['content-length'] = String(request.body.length);
    // Explicit: Node frames a GET's (or DELETE's...) body only when told to.
    if (request.body && request.chunked) headers['transfer-encoding'] = 'chunked';
    const req = http.request(
      { agent, host: '127.0.0.1', port, method: request.method, path: request.path, headers, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    if (request.body && request.chunked) {
      const middle = Math.floor(request.body.length / 2);
      req.write(request.body.subarray(0, middle));
      req.write(request.body.subarray(middle));
      req.end();
    } else req.end(request.body);
  });
}
