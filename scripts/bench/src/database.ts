import type { connectDatabase } from '@order-platform/infra';

/** A knex instance as infra hands it out (scripts does not depend on knex itself). */
export type Database = ReturnType<typeof connectDatabase>;
