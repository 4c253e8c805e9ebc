import http from 'node:http';
import type { RawResponse } from './helpers.js';

/**
 * One GET from a chosen loopback source address (127.0.0.2 is another client to the gateway's guards,
 * which key on the client address), on a connection of its own.
 */
export function getFrom(localAddress: string, port: number, path: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A counter's value in the gateway's Prometheus text (0 when absent). */
export async function counterValue(registryUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${registryUrl}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
