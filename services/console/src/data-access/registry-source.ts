import type { RegistryListing } from '../domain/snapshot.js';
import { fetchJson, fetchText } from './http-json.js';

/** The gateway's registry (`GET /registry`, docs/design.md §4) and each instance's `GET /metrics`. */
export function createRegistrySource(registryUrl: string, timeoutMs: number) {
  const base = registryUrl.replace(/\/+$/, '');
  return {
    registry: () => fetchJson<RegistryListing>(`${base}/registry`, timeoutMs),
    metrics: (instanceUrl: string) => fetchText(`${instanceUrl.replace(/\/+$/, '')}/metrics`, timeoutMs),
  };
}
