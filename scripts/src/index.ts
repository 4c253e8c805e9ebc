export {
  Launcher,
  LaunchedProcess,
  type ProcessSpec,
  type ExitStatus,
  type StopResult,
  type LauncherOptions,
} from './launcher.js';
export { waitForUrl, ProcessExitedError } from './readiness.js';
export { isPortFree, findFreePort, waitPortsFree } from './ports.js';
export { LinePrefixer, formatPrefix } from './line-prefixer.js';
