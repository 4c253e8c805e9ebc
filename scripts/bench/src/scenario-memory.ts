import type { ProcessUsage, WindowUsage } from './process-sampler.js';

/**
 * Scenario 7: resident set of every process of the platform (services and infrastructure), idle
 * right after start and at its peak under the reference order load (with the CPU each used then).
 * The runner samples; this is the shape of what it keeps.
 */
export interface MemoryResult {
  idle: Record<string, ProcessUsage>;
  underLoad: Record<string, WindowUsage>;
  underLoadRun: string;
}
