export { mariadbServerKeys, usersSyncConfigSchema, type UsersSyncConfig } from './users-sync-config.js';
