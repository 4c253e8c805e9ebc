export { platformConfigSchema, type PlatformConfig } from './platform-config.js';
