import type { ServiceName } from '../domain/services.js';
import type { FailureKind } from './upstream-failure.js';

/** How one attempt to an instance ended: it answered (any status), or how it failed before answering. */
export type AttemptOutcome = 'answered' | FailureKind;

/** What the upstream proxy tells about its attempts (the metrics listen; the proxy knows no metrics library). */
export interface UpstreamObserver {
  /** One attempt to one instance ended. */
  attempted(service: ServiceName, outcome: AttemptOutcome): void;
  /** A failed attempt is re-sent to another instance. */
  retried(service: ServiceName): void;
  /** A request was answered by another instance than the first one it was sent to. */
  failedOver(service: ServiceName): void;
}
