export { usersSyncConfigSchema, type UsersSyncConfig } from './users-sync-config.js';
