import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemOf } from '@order-platform/service-kit';
import { gatewayErrors } from '../errors.js';

/**
 * What Node's parser refuses before the app sees it (a method it does not know, a byte a URL or a
 * header may not hold, headers past 16 KiB, conflicting lengths): Node itself would answer a bare
 * 400 or 431. The edge answers a problem like for every other refusal (found by
 * scripts/platform-tests/test/http-fuzz.test.ts), then closes: the parser cannot tell where a next request starts.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  // An answer already on its way (a later pipelined request failed), or a socket already gone: only close.
  const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inProgress?.headersSent) return void socket.destroy();
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? gatewayErrors.create('headers-too-large', 'The request line and headers exceed the 16 KiB the gateway reads.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? gatewayErrors.create('request-timeout', 'The request did not arrive in time.')
        : gatewayErrors.create(
            'unparsable-request',
            `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).`,
          );
  const body = JSON.stringify(problemOf(problem));
  // A HEAD's answer has no body, even when the rest of the request could not be parsed.
  const head = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  const lines = [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${head ? '' : body}`);
}
