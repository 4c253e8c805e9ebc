import type { RawResponse } from './fuzz-platform.js';
import { kafka } from './fuzz-platform.js';
import type { FuzzRequest } from './http-fuzz-requests.js';

export interface Accepted {
  orderId: string;
  userId: string;
}

/**
 * What each request must satisfy on its own; throws with the request and the answer when it does
 * not. Answers the order when the request placed one.
 */
export function checkAnswer(request: FuzzRequest, response: RawResponse): Accepted | undefined {
  const fail = (why: string): never => {
    throw new Error(
      `${why}\n  request: ${request.method} ${request.path.slice(0, 300)} ` +
        `${JSON.stringify(request.headers).slice(0, 300)} ` +
        `body ${request.body?.toString('utf8').slice(0, 200) ?? '(none)'}\n` +
        `  answer: ${response.status} ${response.headers['content-type']} ` +
        response.body.toString('utf8').slice(0, 300),
    );
  };
  if (response.status >= 500) fail('a 5xx');
  if (response.status >= 400) {
    if (!String(response.headers['content-type']).startsWith('application/problem+json'))
      fail('a 4xx that is not application/problem+json');
    if (request.method !== 'HEAD') {
      let problem: { status?: unknown };
      try {
        problem = JSON.parse(response.body.toString('utf8')) as { status?: unknown };
      } catch {
        return fail('a problem+json body that is not JSON');
      }
      if (problem.status !== response.status)
        fail(`a problem whose status ${String(problem.status)} is not the answer's`);
    }
  }
  if (request.validOrder && response.status !== 201 && response.status !== 202)
    fail('a well-formed order not accepted');
  if (
    request.method === 'POST' &&
    request.userId !== undefined &&
    (response.status === 201 || response.status === 202)
  ) {
    const order = JSON.parse(response.body.toString('utf8')) as { orderId: string };
    return { orderId: order.orderId, userId: request.userId };
  }
  return undefined;
}

/** The end offset of each partition of a topic, by partition. */
export async function endOffsets(topic: string): Promise<Map<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, offset }) => [partition, offset]));
  } finally {
    await admin.disconnect();
  }
}
