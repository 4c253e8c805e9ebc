import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemOf } from '@order-platform/service-kit';
import { gatewayErrors } from '../errors.js';

/** How long a refused connection may take to send its request before it is closed without one. */
const REFUSED_GRACE_MS = 1000;

/**
 * A cap on the connections one client address holds on the public port. Node's HTTP server handles a
 * connection in its own `connection` listener; the guard stands in front of it, so a connection over
 * the cap never gets a parser: its request cannot reach the app, let alone an instance. It is answered
 * 429 problem+json once its first bytes arrive, then closed. Nothing is installed when the cap is 0.
 */
export function guardConnections(server: Server, maxPerClient: number, onRefused: () => void): void {
  if (maxPerClient <= 0) return;
  const open = new Map<string, number>();
  const accept = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  const answer = refusal(maxPerClient);
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = open.get(address) ?? 0;
    if (count >= maxPerClient) {
      onRefused();
      refuse(socket, answer);
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      // Deleted at zero: the map holds only addresses with open connections.
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
    for (const listener of accept) listener.call(server, socket);
  });
}

function refusal(max: number): string {
  const problem = gatewayErrors.create(
    'too-many-connections',
    `This client address already holds ${max} connections to the gateway; reuse them or retry later.`,
  );
  const body = JSON.stringify(problemOf(problem));
  const head = [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(body)}`,
    'retry-after: 1',
    'connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

function refuse(socket: Socket, answer: string): void {
  // A client writes its request first: answering after it arrived lets the client read the answer
  // instead of meeting a reset. What it sends is read and dropped.
  socket.on('error', () => socket.destroy());
  socket.setTimeout(REFUSED_GRACE_MS, () => socket.destroy());
  socket.once('data', () => socket.end(answer));
}
