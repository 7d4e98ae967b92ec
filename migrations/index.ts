import { Foundation1763700000000 } from './1763700000000-foundation';

/** Every migration, in order; run at start by kernel/database.ts. */
export const migrations = [Foundation1763700000000];
