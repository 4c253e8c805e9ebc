/**
 * `@order-platform/service-kit/skeleton`: what a deployable's `main.ts` and `config.ts` need, and
 * nothing that loads express, kafkajs or node:http. main.ts imports only this (and its config), so
 * that runService can start tracing before the composition root loads those modules: the
 * instrumentations patch a module as it is loaded, never after (tracing.ts). The package's main
 * entry (index.ts) loads kafkajs.
 */
export { env, ConfigError, type ConfigSchema } from './config.js';
export { kafkaKeys, databaseKeys, connectKeys, registryAuthKeys } from './config-keys.js';
export { advertisedKeys } from './advertised-url.js';
export { tracingKeys, type TracingConfig } from './tracing-config.js';
export { runService, SPAN_FLUSH_TIMEOUT_MS, type ServiceDefinition } from './run-service.js';
export { registeredInstance, type InstanceConfig } from './registered-instance.js';
