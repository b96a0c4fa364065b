import { migration0001Fixes } from './0001-fixes';
import { migration0002RegistryStateAlerts } from './0002-registry-state-alerts';
import { migration0003FixesLifecycle } from './0003-fixes-lifecycle';
import { migration0004ProcessorState } from './0004-processor-state';
import { migration0005Notifications } from './0005-notifications';
import { migration0006UsersSessions } from './0006-users-sessions';
import { migration0007SearchFold } from './0007-search-fold';
import { migration0008ProcessorStateText } from './0008-processor-state-text';
import { migration0009ProcessorPartitioning } from './0009-processor-partitioning';
import type { Migration } from './migration';

/** The store's schema, in apply order. Append new migrations; never edit or reorder applied ones. */
export const STORE_MIGRATIONS: readonly Migration[] = [
  migration0001Fixes,
  migration0002RegistryStateAlerts,
  migration0003FixesLifecycle,
  migration0004ProcessorState,
  migration0005Notifications,
  migration0006UsersSessions,
  migration0007SearchFold,
  migration0008ProcessorStateText,
  migration0009ProcessorPartitioning,
];
