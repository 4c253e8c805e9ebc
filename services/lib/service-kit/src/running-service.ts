/** What a service's stop reports: the process exit code, and facts for the "stopped" log line. */
export interface StopResult {
  /** 0 clean; 1 requests or work cut off; a service may define more (order-service: 3, orders in doubt). */
  exitCode: number;
  [fact: string]: unknown;
}

/**
 * The handle every composition root returns (startGateway, startOrderService, startCatalogService),
 * to its binary through runService and to the tests that start it in process.
 */
export interface RunningService {
  /** The port it listens on (the real one when configured as 0). */
  port: number;
  /** Where others reach it: the URL registered with the gateway. */
  url: string;
  /** Set by a service that registers with the gateway: its id in the registry. */
  instanceId?: string;
  /** More fields for the "listening" log line. */
  facts?: Record<string, unknown>;
  /** Stops gracefully within the service's own shutdown timeout. Idempotent: every call gets one result. */
  stop(): Promise<StopResult>;
  /** Called at the hard deadline while stop() still runs: logs what is lost, returns the exit code (default 1). */
  abandon?(): number;
}
