import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { requestIdOf } from '@order-platform/service-kit';
import type { OrderReader } from '../domain/order.js';
import type { PlaceOrder } from '../domain/place-order.js';
import { orderErrors } from '../errors.js';
import { OrderNotFoundError, type CancelOrder } from '../domain/cancel-order.js';
import { IdempotencyKeyReusedError } from '../domain/idempotency.js';
import { parseIdempotencyKey } from './idempotency-key-header.js';
import { nextPageLink, parsePageQuery } from './order-page-query.js';
import { parseOrderRequest, USER_ID_PATTERN } from './order-request.js';
import { placedOrderView, storedOrderView } from './order-view.js';

/** An order is about 80 bytes of JSON; anything near this limit is not an order. */
export const BODY_LIMIT = '16kb';

/**
 * `POST /{userId}/orders`: 201 when the order is in the shared table, 202 when it is durable in
 * Kafka but the sink has not written it within the visibility wait (Location says where to read
 * it), 503 when Kafka did not take it; with an Idempotency-Key, the key's one order, or 422 when the
 * key came with another body first. `GET /{userId}/orders`: the user's orders, oldest first; with
 * `?limit=N` one page of them, and `Link: rel="next"` when more follow.
 */
export function orderRoutes(deps: { placeOrder: PlaceOrder; cancelOrder: CancelOrder; orders: OrderReader }): Router {
  const router = Router();
  const parseJson = express.json({ limit: BODY_LIMIT, type: 'application/json', strict: false });

  router.post('/:userId/orders', parseJson, async (req, res) => {
    const userId = userIdOf(req);
    const key = idempotencyKeyOf(req);
    const parsed = parseOrderRequest(jsonBodyOf(req));
    if (!parsed.ok) {
      throw orderErrors.create(
        'invalid-order',
        `The order is invalid: ${parsed.problems.map((problem) => problem.reason).join('; ')}.`,
        parsed.problems,
      );
    }
    const { order, visible } = await deps.placeOrder(userId, parsed.value, requestIdOf(req), key).catch((error) => {
      if (!(error instanceof IdempotencyKeyReusedError)) throw error;
      throw orderErrors.create('idempotency-key-reused', 'This Idempotency-Key was first sent with another order.', [
        { name: 'idempotency-key', reason: 'was first used with another body; send a new key for a new order' },
      ]);
    });
    res
      .status(visible ? 201 : 202)
      .location(`/order-service/${encodeURIComponent(userId)}/orders`)
      .json(placedOrderView(order));
  });

  router.get('/:userId/orders', async (req, res) => {
    const userId = userIdOf(req);
    const query = parsePageQuery(req.query);
    if (!query.ok) {
      const reasons = query.problems.map((problem) => `${problem.name} ${problem.reason}`).join('; ');
      throw orderErrors.create('invalid-page-query', `The page query is invalid: ${reasons}.`, query.problems);
    }
    if (!query.value) {
      res.json((await deps.orders.listByUser(userId)).map(storedOrderView));
      return;
    }
    const page = await deps.orders.pageByUser(userId, query.value.limit, query.value.after);
    if (page.next !== undefined) res.set('link', nextPageLink(userId, query.value.limit, page.next));
    res.json(page.orders.map(storedOrderView));
  });

  router.get('/:userId/orders/:orderId', async (req, res) => {
    const userId = userIdOf(req);
    const orderId = String(req.params.orderId);
    const order = orderId.length <= 64 ? await deps.orders.findForUser(userId, orderId) : undefined;
    if (!order) throw orderNotFound(userId, orderId);
    res.json(storedOrderView(order));
  });

  router.post('/:userId/orders/:orderId/cancel', async (req, res) => {
    const userId = userIdOf(req);
    const orderId = String(req.params.orderId);
    const { order, settled } = await deps
      .cancelOrder(userId, orderId.length <= 64 ? orderId : '', requestIdOf(req))
      .catch((error: unknown) => {
        if (error instanceof OrderNotFoundError) throw orderNotFound(userId, orderId);
        throw error;
      });
    res.status(settled ? 200 : 202).json(storedOrderView(order));
  });

  router.all('/:userId/orders/:orderId/cancel', (req, res) => {
    res.set('allow', 'POST');
    throw orderErrors.create('method-not-allowed', `${req.method} is not supported here; use POST.`);
  });

  router.all('/:userId/orders/:orderId', (req, res) => {
    res.set('allow', 'GET, HEAD');
    throw orderErrors.create('method-not-allowed', `${req.method} is not supported here; use GET.`);
  });

  router.all('/:userId/orders', (req, res) => {
    res.set('allow', 'GET, HEAD, POST');
    throw orderErrors.create('method-not-allowed', `${req.method} is not supported here; use GET or POST.`);
  });

  router.use(((error: unknown, _req, _res, next) =>
    next(namedBodyParserProblem(error) ?? error)) as ErrorRequestHandler);

  return router;
}

/** body-parser's 415s, with the header at fault named (the shared mapping names no field for them). */
function namedBodyParserProblem(thrown: unknown) {
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
    type?: string;
    charset?: string;
    encoding?: string;
  };
  if (error.type === 'charset.unsupported') {
    return orderErrors.create('unsupported-media-type', 'Send the body as UTF-8 JSON.', [
      { name: 'content-type', reason: `charset ${error.charset ?? ''} is not supported; use utf-8` },
    ]);
  }
  if (error.type === 'encoding.unsupported') {
    return orderErrors.create('unsupported-media-type', 'Send the body uncompressed, or gzip, deflate or br.', [
      { name: 'content-encoding', reason: `${error.encoding ?? ''} is not supported` },
    ]);
  }
  return undefined;
}

function userIdOf(req: Request): string {
  const userId = String(req.params.userId);
  if (USER_ID_PATTERN.test(userId)) return userId;
  throw orderErrors.create(
    'invalid-user-id',
    'The user id must be 1 to 64 characters of A-Z a-z 0-9 . _ - and not only dots.',
    [{ name: 'userId', reason: 'must match ^[A-Za-z0-9._-]{1,64}$ and not be only dots' }],
  );
}

function orderNotFound(userId: string, orderId: string) {
  return orderErrors.create('order-not-found', `The user ${userId} has no order ${orderId}.`, [
    { name: 'orderId', reason: 'is not an order of this user' },
  ]);
}

function idempotencyKeyOf(req: Request): string | undefined {
  const parsed = parseIdempotencyKey(req.get('idempotency-key'));
  if (parsed.ok) return parsed.key;
  throw orderErrors.create('invalid-idempotency-key', `The Idempotency-Key header ${parsed.reason}.`, [
    { name: 'idempotency-key', reason: parsed.reason },
  ]);
}

function jsonBodyOf(req: Request): unknown {
  const type = req.is('application/json');
  // An empty JSON body reaches the schema as {} (every field then named missing); any other
  // empty body is a missing body, whatever its declared type.
  const length = req.get('content-length');
  const empty = length === '0' || (length === undefined && req.get('transfer-encoding') === undefined);
  if (empty && !type)
    throw orderErrors.create('body-required', 'Send the order as a JSON body.', [
      { name: 'body', reason: 'is required' },
    ]);
  if (!type) {
    throw orderErrors.create('unsupported-media-type', 'The body must be application/json.', [
      { name: 'content-type', reason: `must be application/json, not ${req.get('content-type') ?? 'missing'}` },
    ]);
  }
  return req.body;
}
