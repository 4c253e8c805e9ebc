import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from '@order-platform/service-kit';
import { RETRY_AFTER, gatewayErrors } from '../errors.js';
import type { Instance, ServiceRegistry } from '../domain/service-registry.js';
import { contextOf } from '../data-access/proxy-context.js';

const SENT_TO = Symbol('gateway.in-flight-instance');

/** True: proxy it; false: it was answered 503 (every live instance was full). */
export type InFlightCap = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * A cap on the requests in flight to each instance, checked after routing: a full instance is skipped
 * for the next one with room, and when none has room the answer is 503 with Retry-After at once, never
 * a queue that grows without bound. A request counts against the instance it was first sent to until
 * its answer closes (a retry elsewhere does not move it). Off (undefined) when the cap is 0.
 */
export function createInFlightCap(options: {
  max: number;
  registry: ServiceRegistry;
  onBusy: (service: string) => void;
}): InFlightCap | undefined {
  const { max, registry } = options;
  if (max <= 0) return undefined;
  const inFlight = new Map<Instance, number>();
  // One listener for every answer (no closure per request): the instance rides on the response.
  function release(this: ServerResponse & { [SENT_TO]?: Instance }) {
    const instance = this[SENT_TO]!;
    const left = (inFlight.get(instance) ?? 1) - 1;
    // Deleted at zero: the map holds only instances with requests in flight.
    if (left <= 0) inFlight.delete(instance);
    else inFlight.set(instance, left);
  }
  return (req, res) => {
    const context = contextOf(req)!;
    let instance: Instance | undefined = context.instance;
    if ((inFlight.get(instance) ?? 0) >= max) {
      const full = [instance];
      while ((instance = registry.next(context.service, full)) && (inFlight.get(instance) ?? 0) >= max)
        full.push(instance);
      if (instance === undefined) {
        options.onBusy(context.service);
        const detail = `Every live instance of ${context.service} has ${max} requests in flight; retry shortly.`;
        sendProblem(req, res, gatewayErrors.create('instance-busy', detail), RETRY_AFTER);
        return false;
      }
      context.instance = instance;
      context.target = instance.target;
      context.tried = [instance];
    }
    inFlight.set(instance, (inFlight.get(instance) ?? 0) + 1);
    (res as ServerResponse & { [SENT_TO]?: Instance })[SENT_TO] = instance;
    // A response closes once: `on` spares the wrapper `once` would allocate.
    res.on('close', release);
    return true;
  };
}
