import http from 'node:http';
import { round, summarize, type LatencySummary } from './stats.js';

/**
 * Scenario 3's client, a process of its own: POSTs orders through the gateway at a fixed rate
 * (open loop: a slow answer does not slow the sending down), and after each answer reads the
 * user's orders through the gateway until the order is in the list. Prints one JSON line.
 */
export interface VisibilitySpec {
  url: string;
  prefix: string;
  users: number;
  ratePerSec: number;
  durationS: number;
  bodies: string[];
  /** Pause between the reads of an order not visible yet. */
  pollMs: number;
  /** An order not readable this long after its answer counts as never seen. */
  giveUpMs: number;
}

export interface VisibilityResult {
  ratePerSec: number;
  sent: number;
  statusCounts: Record<string, number>;
  /** From the POST's answer to the answer of the first GET that lists the order. */
  answerToVisibleMs: LatencySummary;
  /** From sending the POST to that same GET answer. */
  sendToVisibleMs: LatencySummary;
  postLatencyMs: LatencySummary;
  notSeen: number;
  errors: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as VisibilitySpec;
// Closes idle sockets before the gateway's 5 s keep-alive timeout does (Node ignores its hint without one).
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });

function call(method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${spec.url}${path}`,
      {
        method,
        agent,
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const statusCounts: Record<string, number> = {};
const answerToVisible: number[] = [];
const sendToVisible: number[] = [];
const postLatency: number[] = [];
let notSeen = 0;
let errors = 0;

async function placeAndWatch(n: number): Promise<void> {
  const path = `/order-service/${spec.prefix}${n % spec.users}/orders`;
  const sentAt = performance.now();
  let post;
  try {
    post = await call('POST', path, spec.bodies[n % spec.bodies.length]);
  } catch {
    errors += 1;
    return;
  }
  const answeredAt = performance.now();
  statusCounts[post.status] = (statusCounts[post.status] ?? 0) + 1;
  postLatency.push(answeredAt - sentAt);
  if (post.status !== 201 && post.status !== 202) return;
  const orderId = (JSON.parse(post.body) as { orderId: string }).orderId;
  for (;;) {
    let list;
    try {
      list = await call('GET', path);
    } catch {
      errors += 1;
      return;
    }
    const now = performance.now();
    if (list.status === 200 && list.body.includes(`"orderId":"${orderId}"`)) {
      answerToVisible.push(now - answeredAt);
      sendToVisible.push(now - sentAt);
      return;
    }
    if (now - answeredAt > spec.giveUpMs) {
      notSeen += 1;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, spec.pollMs));
  }
}

const total = Math.round(spec.ratePerSec * spec.durationS);
const started = performance.now();
const inFlight: Array<Promise<void>> = [];
for (let n = 0; n < total; n++) {
  // Open loop: order n leaves at started + n / rate, whatever happened to the ones before.
  const due = started + (n * 1000) / spec.ratePerSec;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  inFlight.push(placeAndWatch(n));
}
await Promise.all(inFlight);
agent.destroy();

const result: VisibilityResult = {
  ratePerSec: round(spec.ratePerSec),
  sent: total,
  statusCounts,
  answerToVisibleMs: summarize(answerToVisible),
  sendToVisibleMs: summarize(sendToVisible),
  postLatencyMs: summarize(postLatency),
  notSeen,
  errors,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
