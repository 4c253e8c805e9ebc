import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemDetails } from '@order-platform/service-kit';
import { uniqueId } from '@order-platform/test-kit';
import type { RunningOrderService } from '../src/composition-root.js';
import { readBothTopicsToTheEnd, startTestService, TEST_PRODUCT, userIdOf } from './support/harness.js';

const valid = { productId: TEST_PRODUCT, qty: 10, unitPrice: 900 };
const json = (value: unknown) => JSON.stringify(value);

interface BadInput {
  name: string;
  status: number;
  fields: string[];
  body?: string;
  headers?: Record<string, string>;
  /** A user id outside the documented pattern; by default a valid, unique one. */
  userId?: string;
}

const cases: BadInput[] = [
  { name: 'productId missing', status: 400, fields: ['productId'], body: json({ qty: 1, unitPrice: 1 }) },
  { name: 'productId a number', status: 400, fields: ['productId'], body: json({ ...valid, productId: 2 }) },
  { name: 'productId null', status: 400, fields: ['productId'], body: json({ ...valid, productId: null }) },
  { name: 'productId empty', status: 400, fields: ['productId'], body: json({ ...valid, productId: '' }) },
  { name: 'productId blank', status: 400, fields: ['productId'], body: json({ ...valid, productId: '  ' }) },
  {
    name: 'productId longer than the column',
    status: 400,
    fields: ['productId'],
    body: json({ ...valid, productId: 'P'.repeat(65) }),
  },
  { name: 'qty missing', status: 400, fields: ['qty'], body: json({ productId: 'P', unitPrice: 1 }) },
  { name: 'qty a numeric string', status: 400, fields: ['qty'], body: json({ ...valid, qty: '10' }) },
  { name: 'qty zero', status: 400, fields: ['qty'], body: json({ ...valid, qty: 0 }) },
  { name: 'qty negative', status: 400, fields: ['qty'], body: json({ ...valid, qty: -1 }) },
  { name: 'qty fractional', status: 400, fields: ['qty'], body: json({ ...valid, qty: 1.5 }) },
  { name: 'qty null', status: 400, fields: ['qty'], body: json({ ...valid, qty: null }) },
  { name: 'unitPrice a boolean', status: 400, fields: ['unitPrice'], body: json({ ...valid, unitPrice: true }) },
  { name: 'unitPrice zero', status: 400, fields: ['unitPrice'], body: json({ ...valid, unitPrice: 0 }) },
  {
    name: 'unitPrice beyond int32',
    status: 400,
    fields: ['unitPrice'],
    body: json({ ...valid, qty: 1, unitPrice: 2_147_483_648 }),
  },
  { name: 'unitPrice 1e300', status: 400, fields: ['unitPrice'], body: '{"productId":"P","qty":1,"unitPrice":1e300}' },
  {
    name: 'qty * unitPrice beyond int32',
    status: 400,
    fields: ['qty', 'unitPrice'],
    body: json({ ...valid, qty: 50_000, unitPrice: 50_000 }),
  },
  { name: 'an unknown field', status: 400, fields: ['totalPrice'], body: json({ ...valid, totalPrice: 1 }) },
  { name: 'an empty object', status: 400, fields: ['productId', 'qty', 'unitPrice'], body: '{}' },
  { name: 'null', status: 400, fields: ['body'], body: 'null' },
  { name: 'an array', status: 400, fields: ['body'], body: json([valid]) },
  { name: 'a string', status: 400, fields: ['body'], body: '"CATALOG-0001"' },
  { name: 'malformed JSON', status: 400, fields: ['body'], body: '{"productId":' },
  { name: 'no body at all', status: 400, fields: ['body'], headers: { 'content-type': '' } },
  { name: 'a body over 16 kB', status: 413, fields: ['body'], body: json({ ...valid, pad: 'x'.repeat(17 * 1024) }) },
  {
    name: 'text/plain',
    status: 415,
    fields: ['content-type'],
    body: json(valid),
    headers: { 'content-type': 'text/plain' },
  },
  {
    name: 'a form',
    status: 415,
    fields: ['content-type'],
    body: 'qty=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  {
    name: 'a latin1 charset',
    status: 415,
    fields: ['content-type'],
    body: json(valid),
    headers: { 'content-type': 'application/json; charset=latin1' },
  },
  {
    name: 'an unknown content encoding',
    status: 415,
    fields: ['content-encoding'],
    body: json(valid),
    headers: { 'content-encoding': 'compress' },
  },
  {
    name: 'a user id with a space',
    status: 400,
    fields: ['userId'],
    body: json(valid),
    userId: `${uniqueId('bad')} x`,
  },
  {
    name: 'a user id with a slash',
    status: 400,
    fields: ['userId'],
    body: json(valid),
    userId: `${uniqueId('bad')}/x`,
  },
  {
    name: 'a user id with a non-ASCII letter',
    status: 400,
    fields: ['userId'],
    body: json(valid),
    userId: `${uniqueId('bad')}-ä`,
  },
  {
    name: 'a user id of 65 characters',
    status: 400,
    fields: ['userId'],
    body: json(valid),
    userId: uniqueId('bad').padEnd(65, 'u'),
  },
];

let service: RunningOrderService;
const triedUsers: string[] = [];

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service.stop();
});

describe('bad input to POST /order-service/{userId}/orders', () => {
  it.each(cases)('when the request has $name, then it answers $status problem+json naming $fields', async (input) => {
    const userId = input.userId ?? uniqueId('bad-input');
    triedUsers.push(userId);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...input.headers };
    if (!headers['content-type']) delete headers['content-type'];
    const response = await fetch(`${service.url}/order-service/${encodeURIComponent(userId)}/orders`, {
      method: 'POST',
      headers,
      body: input.body,
    });

    expect(response.status).toBe(input.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as ProblemDetails;
    expect(problem.status).toBe(input.status);
    expect([...new Set(problem.errors?.map((error) => error.name))].sort()).toEqual([...input.fields].sort());
    expect(problem.errors?.every((error) => error.reason.length > 0)).toBe(true);
  });

  it('when a GET names a user id outside the pattern, then it answers 400 naming userId', async () => {
    const response = await fetch(`${service.url}/order-service/${encodeURIComponent('a b')}/orders`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ProblemDetails).errors?.map((error) => error.name)).toEqual(['userId']);
  });

  it('when both topics are read to their end after them all, then no record carries their user ids', async () => {
    expect(triedUsers).toHaveLength(cases.length);
    const { orders, catalog } = await readBothTopicsToTheEnd(service);
    const produced = [...orders, ...catalog]
      .map(userIdOf)
      .filter((userId) => userId !== undefined && triedUsers.includes(userId));
    expect(produced).toEqual([]);
  }, 120_000);
});
