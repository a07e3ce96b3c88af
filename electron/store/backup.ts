import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

/** The journal's file name inside the data folder. */
export const journalFileName = 'journal.sqlite3';
/** The backups folder's name inside the data folder. */
export const backupsDirName = 'backups';

// journal-20261127T023000123Z.sqlite3 (daily) and journal-…Z-before-v2.sqlite3 (before a migration).
// The UTC stamp comes first, so names sort by time.
const anyBackup = /^journal-\d{8}T\d{9}Z(-before-v\d+)?\.sqlite3$/;
const dailyBackup = /^journal-\d{8}T\d{9}Z\.sqlite3$/;

/** A file-name-safe UTC stamp: 20261127T023000123Z. */
export function backupStamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}

/** The backups folder of a data folder. */
export function backupsDir(dataDir: string): string {
  return join(dataDir, backupsDirName);
}

/** Every complete backup in a data folder, oldest first (a half-written `.partial` never counts). */
export function listBackups(dataDir: string): string[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => anyBackup.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** The newest backup, which every "cannot open the journal" message points to. */
export function latestBackup(dataDir: string): string | undefined {
  return listBackups(dataDir).at(-1);
}

/** Delete the oldest daily backups so that `keep` remain (pre-migration copies are kept: they are rare). */
export function rotateBackups(dataDir: string, keep: number): string[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  const daily = readdirSync(dir).filter((name) => dailyBackup.test(name)).sort();
  const doomed = daily.slice(0, Math.max(0, daily.length - Math.max(1, keep)));
  for (const name of doomed) rmSync(join(dir, name), { force: true });
  return doomed.map((name) => join(dir, name));
}

/**
 * Copy the open journal into `<dataDir>/backups/` with SQLite's online backup API (the till keeps
 * selling meanwhile), then keep the newest `keep`. Written under a `.partial` name and renamed when
 * complete, so a crash mid-copy never leaves a "latest backup" that is half a file.
 */
export async function backupJournal(db: Database, dataDir: string, at: number, keep: number): Promise<string> {
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const finalPath = join(dir, `journal-${backupStamp(at)}.sqlite3`);
  const partial = `${finalPath}.partial`;
  rmSync(partial, { force: true });
  await db.backup(partial);
  renameSync(partial, finalPath);
  rotateBackups(dataDir, keep);
  return finalPath;
}

/** A synchronous whole copy taken just before migrations change an existing journal. */
export function backupBeforeMigration(db: Database, dataDir: string, at: number, toVersion: number): string {
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `journal-${backupStamp(at)}-before-v${toVersion}.sqlite3`);
  // VACUUM INTO is synchronous (open stays synchronous) and writes a compact, consistent copy.
  db.prepare('VACUUM INTO ?').run(path);
  return path;
}

/** Timers the backup schedule uses; tests pass fakes and move time by hand. */
export type BackupTimers = {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type BackupScheduleOptions = {
  /** Run a backup now; resolves to its path. */
  run: () => Promise<string>;
  /** When the newest backup was taken (epoch ms), or undefined if there is none. */
  lastBackupAt: () => number | undefined;
  now: () => number;
  timers: BackupTimers;
  /** Time between backups; a day by default. */
  intervalMs?: number;
  /** Wait after a failed backup before trying again; an hour by default. */
  retryMs?: number;
  /** Told about a backup that failed, so the till can show it (the schedule keeps going). */
  onError?: (error: unknown) => void;
  /** Told about each backup made. */
  onBackup?: (path: string) => void;
};

/** A running backup schedule. */
export type BackupSchedule = {
  /** Stop the schedule; a backup already running finishes. */
  stop(): void;
};

/**
 * Back up once per interval. The first one is due an interval after the newest existing backup (or at
 * once if there is none or it is older), so restarting the till every morning neither skips nor doubles.
 */
export function scheduleBackups(options: BackupScheduleOptions): BackupSchedule {
  const interval = options.intervalMs ?? 24 * 60 * 60 * 1000;
  const retry = options.retryMs ?? 60 * 60 * 1000;
  let handle: unknown;
  let stopped = false;
  const fire = () => {
    options
      .run()
      .then((path) => {
        options.onBackup?.(path);
        arm();
      })
      .catch((error: unknown) => {
        options.onError?.(error);
        // A failed backup is retried sooner than a day, but never in a tight loop.
        if (!stopped) handle = options.timers.setTimeout(fire, retry);
      });
  };
  const arm = () => {
    if (stopped) return;
    const last = options.lastBackupAt();
    const due = last === undefined ? 0 : Math.max(0, last + interval - options.now());
    handle = options.timers.setTimeout(fire, due);
  };
  arm();
  return {
    stop() {
      stopped = true;
      if (handle !== undefined) options.timers.clearTimeout(handle);
    },
  };
}

/** The epoch ms in a backup's file name. */
export function backupTakenAt(path: string): number | undefined {
  const match = /journal-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(path);
  if (!match) return undefined;
  const n = (i: number) => Number(match[i]);
  return Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), n(7));
}
