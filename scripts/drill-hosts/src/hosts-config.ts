import { z } from 'zod';
import { mariadbServerKeys } from '@order-platform/users-sync-demo';
import { env, loadConfig } from '@order-platform/service-kit';

/**
 * `pnpm drill:hosts`: every key is an environment variable. The subnet exists only inside the
 * drill's namespaces (no route leaves them), so its default cannot clash with the machine's networks.
 */
export const drillHostsConfigSchema = z.object({
  ...mariadbServerKeys,
  DRILL_HOSTS_SUBNET: z
    .string()
    .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'the first three octets of a /24, like 10.77.0')
    .default('10.77.0')
    .describe("first three octets of the /24 the drill's hosts get addresses in (it exists only inside them)"),
  DRILL_HOSTS_STATE_DIR: env.string('', "the drill's data, logs and properties (empty: <tmp>/ophost-drill)"),
  DRILL_HOSTS_CLIENTS: env.int(6, 'concurrent POST clients of the load (one request at a time each)', 1),
  DRILL_HOSTS_CUT_S: env.int(15, 'how long a broker, an order-service instance or catalog-service is cut off', 1),
  DRILL_HOSTS_WORKER_CUT_S: env.int(
    30,
    'how long the Connect worker running the sink task is cut off (long enough for the task to move)',
    1,
  ),
  DRILL_HOSTS_DB_CUT_S: env.int(5, 'how long the database host is cut off', 1),
  DRILL_HOSTS_SLOW_S: env.int(20, 'how long a link stays slow', 1),
  DRILL_HOSTS_SLOW_RATE: env.string(
    '256kbit',
    'rate of a slow link (tc tbf): this kernel has no netem, so a slow link is a narrow one whose queue delays',
  ),
});

export type DrillHostsConfig = z.infer<typeof drillHostsConfigSchema>;

export const loadDrillHostsConfig = (source: Record<string, string | undefined> = process.env): DrillHostsConfig =>
  loadConfig(drillHostsConfigSchema, source);
