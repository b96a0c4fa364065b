import { migration0001Fixes } from './0001-fixes';
import type { Migration } from './migration';

/** The store's schema, in apply order. Append new migrations; never edit or reorder applied ones. */
export const STORE_MIGRATIONS: readonly Migration[] = [migration0001Fixes];
