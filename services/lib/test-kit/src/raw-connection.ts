import net from 'node:net';

/** A raw TCP connection for HTTP tests below the client libraries: what it was answered and when it closed. */
export interface RawConnection {
  socket: net.Socket;
  connected: Promise<void>;
  /** Resolves with the time (ms since the epoch) the connection closed. */
  closed: Promise<number>;
  /** Every byte answered so far, as latin1. */
  received(): string;
}

export function rawConnection(port: number, host = '127.0.0.1', localAddress?: string): RawConnection {
  const socket = net.connect({ port, host, ...(localAddress && { localAddress }) });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, closed, connected, received: () => received };
}
