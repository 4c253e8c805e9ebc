import { send, type RawResponse } from './helpers.js';

/** One GET from a chosen loopback source address, on a connection of its own. */
export function getFrom(localAddress: string, port: number, path: string): Promise<RawResponse> {
  return send(port, path, { localAddress });
}

/** A counter's value in the gateway's Prometheus text (0 when absent). */
export async function counterValue(registryUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${registryUrl}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}
