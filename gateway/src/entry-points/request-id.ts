import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_FORMAT = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The gateway's first step: keeps a well-formed X-Request-Id from the client, otherwise makes one,
 * and puts it on the request (so it goes upstream) and on the response.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID_FORMAT.test(incoming) ? incoming : randomUUID();
  req.headers['x-request-id'] = id;
  res.setHeader('x-request-id', id);
  return id;
}
