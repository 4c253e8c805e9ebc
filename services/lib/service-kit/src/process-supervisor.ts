import type { Logger } from './logger.js';
import type { Registration } from './registry-client.js';
import type { RunningService, StopResult } from './running-service.js';

/**
 * After the service's own shutdown timeout, what may still hang (deregistering, closing clients)
 * gets this long; then the process exits anyway, so that a stuck dependency never keeps it alive.
 */
export const HARD_DEADLINE_GRACE_MS = 3000;

export interface ProcessSupervisor {
  /** Hands over the service being started: a stop requested meanwhile waits for it, then stops it. */
  starting(service: Promise<RunningService>): Promise<RunningService>;
  /** Starts the registration, unless a stop has begun (then the gateway must not learn of us). */
  register(start: () => Registration): void;
}

/**
 * The process side of a service: SIGINT/SIGTERM stop it gracefully with exit code 0 (or the
 * service's own: 1 cut off, 3 orders in doubt); an unhandled rejection or uncaught exception is
 * logged (fatal, with the error) and stops it just as gracefully, with exit code 1 at least. The
 * stop deregisters first, then calls the service's stop(); at the hard deadline the service may
 * log what it abandons (`abandon()`), and the process exits.
 */
export function superviseProcess(options: {
  name: string;
  logger: Logger;
  shutdownTimeoutMs: number;
  exit?: (code: number) => void;
}): ProcessSupervisor {
  const { name, logger, exit = (code) => process.exit(code) } = options;
  let service: Promise<RunningService | undefined> = Promise.resolve(undefined);
  let started: RunningService | undefined;
  let registration: Registration | undefined;
  let stopping = false;
  let atLeast = 0;

  const stop = async (reason: Record<string, unknown>, minimumExitCode: number): Promise<void> => {
    atLeast = Math.max(atLeast, minimumExitCode);
    if (stopping) return;
    stopping = true;
    logger.info(reason, 'shutting down');
    const hardDeadlineMs = options.shutdownTimeoutMs + HARD_DEADLINE_GRACE_MS;
    // Not unref'd: a stop() waiting on nothing that holds the event loop must not end in a silent exit 0.
    setTimeout(() => {
      const exitCode = started?.abandon?.() ?? 1;
      logger.error({ timeoutMs: hardDeadlineMs }, 'shutdown took too long; exiting anyway');
      exit(Math.max(exitCode, atLeast, 1));
    }, hardDeadlineMs);
    try {
      // Leave the gateway first, so that it routes no new request to an instance going away.
      await registration?.stop();
      // A stop during start-up waits for it, so that what has started (a group membership) is undone.
      const running = await service;
      const result: StopResult = running ? await running.stop() : { exitCode: 0 };
      logger.info(result, `${name} stopped`);
      exit(Math.max(result.exitCode, atLeast));
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      exit(Math.max(atLeast, 1));
    }
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop({ signal }, 0));
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection; stopping');
    void stop({ reason: 'unhandledRejection' }, 1);
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; stopping');
    void stop({ reason: 'uncaughtException' }, 1);
  });

  return {
    starting(promise) {
      // Settled for the stop above, which only needs to know whether there is something to stop.
      service = promise.then(
        (running) => (started = running),
        () => undefined,
      );
      return promise;
    },
    register(start) {
      if (!stopping) registration = start();
    },
  };
}
