import { waitUntil } from '@order-platform/test-kit';
import { infra } from './test-platform.js';

/** A span as Zipkin's API v2 returns it (names and service names in lower case). */
export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  timestamp: number;
  duration: number;
  localEndpoint: { serviceName: string };
  tags?: Record<string, string>;
}

/** The trace id of a W3C `traceresponse` header (`00-{trace-id}-{span-id}-{flags}`). */
export function traceIdOf(traceresponse: string | null): string {
  const match = /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec(traceresponse ?? '');
  if (!match) throw new Error(`not a traceresponse: ${traceresponse}`);
  return match[1]!;
}

/** The spans Zipkin holds of one trace so far (none yet: Zipkin answers 404). */
export async function spansOf(traceId: string): Promise<ZipkinSpan[]> {
  const response = await fetch(`${infra.ZIPKIN_URL}/api/v2/trace/${traceId}`);
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Zipkin answered ${response.status} for trace ${traceId}`);
  return (await response.json()) as ZipkinSpan[];
}

/** Waits (bounded) until the trace in Zipkin satisfies `complete`; spans reach it within a second or so. */
export function waitForTrace(
  traceId: string,
  what: string,
  complete: (spans: ZipkinSpan[]) => boolean,
  timeoutMs = 30_000,
): Promise<ZipkinSpan[]> {
  return waitUntil(
    `${what} in Zipkin's trace ${traceId}`,
    async () => {
      const spans = await spansOf(traceId);
      return complete(spans) && spans;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** A POST through the gateway that returns the trace id the gateway answered (traceresponse). */
export async function tracedPost(
  gatewayUrl: string,
  userId: string,
  body: object,
  requestId: string,
): Promise<{ status: number; traceId: string; elapsedMs: number }> {
  const started = performance.now();
  const response = await fetch(`${gatewayUrl}/order-service/${userId}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  const elapsedMs = performance.now() - started;
  return { status: response.status, traceId: traceIdOf(response.headers.get('traceresponse')), elapsedMs };
}

/** `service: name (kind)` of each span, sorted: what a failed assertion shows of a trace. */
export function describeTrace(spans: ZipkinSpan[]): string[] {
  return spans.map((span) => `${span.localEndpoint.serviceName}: ${span.name} (${span.kind ?? 'INTERNAL'})`).sort();
}
