import { randomBytes } from 'node:crypto';
import { openDatabase } from './open-database';

/** A database made for one test or benchmark run, and how to get rid of it. */
export interface ScratchDatabase {
  /** DATABASE_URL of the new database (same server, user and options as the server URL). */
  url: string;
  /** Drops it, ending connections a failed run may have left open (PostgreSQL 13+ `WITH (FORCE)`). */
  drop(): Promise<void>;
}

/**
 * A new, uniquely named database (`<prefix>_<pid>_<random>`) on the server behind `serverUrl`, so every
 * test or benchmark run starts empty and reruns (or a crashed run) never see each other's tables. For tests
 * and benchmarks; needs CREATEDB (the dev server's role is a superuser).
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`database name prefix must be [a-z0-9_]: ${prefix}`);
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await runOnServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const admin = await openDatabase({ url: serverUrl, poolSize: 1 });
  try {
    await admin.exec(statement);
  } finally {
    await admin.close();
  }
}
