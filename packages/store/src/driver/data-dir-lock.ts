import { open, readFile, unlink } from 'node:fs/promises';
import { VesselWatchError } from '@vesselwatch/domain';

/**
 * An exclusive lock on an embedded database directory. PGlite takes none itself, and two processes
 * writing one data directory corrupt it, so the embedded driver holds this lock while the database is
 * open. The lock is a file beside the directory (`<dataDir>.lock`, not inside PostgreSQL's own files)
 * holding the owner's pid; a lock whose process no longer runs (a crash, SIGKILL) is taken over.
 */
export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerPid(lockPath: string): Promise<number | null> {
  try {
    const { pid } = JSON.parse(await readFile(lockPath, 'utf8')) as { pid?: unknown };
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    // Unreadable or half-written: treated as stale below, like a lock of a process that is gone.
    return null;
  }
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = `${dataDir.replace(/\/+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(JSON.stringify({ pid: process.pid, lockedAt: new Date().toISOString() }));
      await file.close();
      let released = false;
      return {
        path,
        release: async () => {
          if (released) return;
          released = true;
          await unlink(path).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'ENOENT') throw error;
          });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = await ownerPid(path);
      if (pid !== null && processIsRunning(pid)) {
        throw new VesselWatchError('VW_ERR_DB_LOCKED', {
          detail: `the embedded database in ${dataDir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ''} (lock file ${path})`,
          details: { dataDir, lockPath: path, pid },
        });
      }
      await unlink(path).catch(() => undefined); // stale: its owner is gone; try again once
    }
  }
  throw new VesselWatchError('VW_ERR_DB_LOCKED', {
    detail: `could not take the lock ${path} on the embedded database in ${dataDir}: another process keeps taking it`,
    details: { dataDir, lockPath: path },
  });
}
