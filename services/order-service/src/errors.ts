import { defineErrors } from '@order-platform/service-kit';

/** Every error code order-service answers with (problem+json `code`, `type` urn:order-platform:problem:{code}). */
export const orderErrors = defineErrors({
  'invalid-order': { status: 400, title: 'The order in the request body is invalid' },
  'invalid-user-id': { status: 400, title: 'The user id in the path is invalid' },
  'invalid-page-query': { status: 400, title: 'The limit or cursor of the page is invalid' },
  'invalid-idempotency-key': { status: 400, title: 'The Idempotency-Key header is invalid' },
  'idempotency-key-reused': { status: 422, title: 'The Idempotency-Key was first used with another order' },
  'body-required': { status: 400, title: 'The request has no body' },
  'order-not-found': { status: 404, title: 'The user has no order with this id' },
  'method-not-allowed': { status: 405, title: 'The route does not support this method' },
  'unsupported-media-type': { status: 415, title: 'The body is not application/json' },
  'kafka-unavailable': { status: 503, title: 'Kafka did not take the order; it was not placed' },
  'database-unavailable': { status: 503, title: 'The orders database cannot be read' },
  'not-ready': { status: 503, title: 'A dependency of the instance is down' },
});
