export {
  Launcher,
  LaunchedProcess,
  type ProcessSpec,
  type ExitStatus,
  type StopResult,
  type LauncherOptions,
} from './processes/launcher.js';
export { LinePrefixer, formatPrefix } from './processes/line-prefixer.js';
export { isPortFree, findFreePort, waitPortsFree } from './processes/ports.js';
export { waitForUrl, ProcessExitedError } from './processes/readiness.js';
export { stopInGroups, type StopObserver } from './processes/stop-groups.js';
export {
  catalogResources,
  catalogResourcesEnv,
  createCatalogResources,
  dropCatalogResources,
  type CatalogResources,
} from './platform/catalog-resources.js';
export { HOST, entries, orderSlotId, urlOf } from './platform/entries.js';
export { Platform, startPlatform, type OrderInstance, type PlatformOptions, type Wait } from './platform/platform.js';
export type { PlatformPorts, PortChoice } from './platform/platform-ports.js';
export { Registry, type RegisteredInstance, type ServiceName } from './platform/registry.js';
export { catalogEnv, orderEnv, type Env, type ServiceSettings } from './platform/service-env.js';
