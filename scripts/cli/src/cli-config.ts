import { z } from 'zod';
import { connectKeys, kafkaKeys, loadConfig } from '@order-platform/service-kit';

/** The keys the `kafka:*` and `connect:*` commands read (environment, then .env). */
export const cliConfigSchema = z.object({ ...kafkaKeys, ...connectKeys });

export type CliConfig = z.infer<typeof cliConfigSchema>;

export const loadCliConfig = (): CliConfig => loadConfig(cliConfigSchema);
