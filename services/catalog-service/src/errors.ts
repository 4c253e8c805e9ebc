import { defineErrors } from '@order-platform/service-kit';

/** catalog-service's table of error codes (HTTP side; the consumer's reasons are DeadLetterReason). */
export const catalogErrors = defineErrors({
  'product-not-found': { status: 404, title: 'Not Found' },
});
