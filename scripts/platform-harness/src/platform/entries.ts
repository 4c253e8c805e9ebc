import path from 'node:path';
import { repoRoot } from '@order-platform/command-kit';

/** The deployables' entry points: each runs as a process of its own. */
export const entries = {
  gateway: path.join(repoRoot, 'gateway/src/main.ts'),
  order: path.join(repoRoot, 'services/order-service/src/main.ts'),
  catalog: path.join(repoRoot, 'services/catalog-service/src/main.ts'),
  console: path.join(repoRoot, 'services/console/src/main.ts'),
};

/** Every process the harness starts listens on this interface (the gateway reaches them there). */
export const HOST = '127.0.0.1';

export const urlOf = (port: number): string => `http://${HOST}:${port}`;

/** The instance id of order-service slot `n` (from 1): also its Kafka transactional id's suffix. */
export const orderSlotId = (n: number): string => `order-${n}`;
