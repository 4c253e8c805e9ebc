import { defineErrors } from '@order-platform/service-kit';

/** Every error the console answers itself. */
export const consoleErrors = defineErrors({
  'action-forbidden': { status: 403, title: 'Action refused' },
  'unknown-action': { status: 404, title: 'No such action' },
  'connector-action-failed': { status: 502, title: 'Kafka Connect refused the action' },
});
