import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { UpstreamTarget } from '../domain/service-registry.js';

/** Headers of one hop only (RFC 9110 §7.6.1): never forwarded, either way. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

/**
 * Answers up to this size are read whole and written to the client with their headers in one
 * socket write, as nginx's `proxy_buffering` does: a header write and a body write per answer were
 * half of the gateway's CPU (BENCHMARKS.md, "Where the CPU goes"). Larger or unsized answers stream.
 */
export const BUFFERED_ANSWER_BYTES = 256 * 1024;

export function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) kept[name] = headers[name];
  return kept;
}

/** The request's headers for the instance: Host names the instance; a buffered body says its length. */
export function upstreamHeaders(req: IncomingMessage, target: UpstreamTarget, body?: Buffer): OutgoingHttpHeaders {
  const headers = withoutHopByHop(req.headers);
  headers.host = target.host;
  if (body) headers['content-length'] = body.length;
  // A chunked body that streams keeps its framing (Node frames it again, chunked, upstream).
  else if (req.headers['transfer-encoding'] !== undefined) headers['transfer-encoding'] = 'chunked';
  return headers;
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The declared body length, when there is one and no chunked framing. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const length = req.headers['content-length'];
  return length !== undefined && req.headers['transfer-encoding'] === undefined ? Number(length) : undefined;
}

/** Reads a (small, sized) request body whole; `then` never runs when the client leaves first. */
export function readWhole(stream: IncomingMessage, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.once('end', () => then(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
}

/**
 * Relays an instance's answer to the client. A sized answer up to BUFFERED_ANSWER_BYTES goes out in
 * one write with its headers; any other streams. `extra` headers replace the instance's.
 */
export function relayAnswer(answer: IncomingMessage, res: ServerResponse, extra: OutgoingHttpHeaders): void {
  const headers = withoutHopByHop(answer.headers);
  Object.assign(headers, extra);
  const status = answer.statusCode ?? 502;
  // The instance died mid-body: the client must see a broken answer, not wait for ever.
  answer.once('close', () => void (answer.complete || res.destroy()));
  // Its error (a reset mid-body) is handled by 'close' above; unheard it would be thrown.
  answer.on('error', () => undefined);
  const length = answer.headers['content-length'];
  if (length === undefined || Number(length) > BUFFERED_ANSWER_BYTES) {
    res.writeHead(status, answer.statusMessage, headers);
    answer.pipe(res);
    return;
  }
  readWhole(answer, (body) => {
    if (res.destroyed) return;
    res.writeHead(status, answer.statusMessage, headers);
    res.end(body);
  });
}
