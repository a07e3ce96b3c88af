import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { backupTakenAt, latestBackup, listBackups, scheduleBackups, type BackupTimers } from '../../../electron/store/backup';
import { manualClock, openTestStore, ref, tempDataDir } from './helpers';

/** Timers moved by hand: `fire()` runs whatever is due by the manual clock. */
function manualTimers(clock: ReturnType<typeof manualClock>) {
  let pending: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const timers: BackupTimers = {
    setTimeout(fn, ms) {
      const id = next++;
      pending.push({ at: clock.now() + ms, fn, id });
      return id;
    },
    clearTimeout(handle) {
      pending = pending.filter((p) => p.id !== handle);
    },
  };
  return {
    timers,
    pendingAt: () => pending.map((p) => p.at),
    /** Run every timer due now; returns how many ran. */
    fire() {
      const due = pending.filter((p) => p.at <= clock.now());
      pending = pending.filter((p) => p.at > clock.now());
      for (const p of due) p.fn();
      return due.length;
    },
  };
}

// Waits for the async backup to finish (polls a condition; asserts nothing about time).
const settle = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 5 });

describe('backups', () => {
  it('copies the live journal into backups/ as a complete, openable database', async () => {
    const clock = manualClock();
    const store = openTestStore({ now: clock.now });
    const sale = store.sales.createSaleIntent({ clientReference: ref(), kind: 'pinless', amountCents: 4500 });
    const path = await store.backupNow();
    expect(path).toBe(join(store.dataDir, 'backups', 'journal-20261127T080000000Z.sqlite3'));
    expect(backupTakenAt(path)).toBe(clock.now());
    const copy = new Database(path, { readonly: true });
    expect(copy.prepare('SELECT client_reference AS r, amount_cents AS c FROM sales').all()).toEqual([{ r: sale.clientReference, c: 4500 }]);
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
    expect(readdirSync(join(store.dataDir, 'backups')).some((n) => n.endsWith('.partial'))).toBe(false);
  });

  it('keeps only the newest N daily backups, and never counts a half-written one', async () => {
    const clock = manualClock();
    const dataDir = tempDataDir();
    mkdirSync(join(dataDir, 'backups'), { recursive: true });
    writeFileSync(join(dataDir, 'backups', 'journal-20991231T000000000Z.sqlite3.partial'), 'half');
    const store = openTestStore({ dataDir, now: clock.now, keepBackups: 3 });
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(await store.backupNow());
      clock.advance(24 * 3600_000);
    }
    expect(store.backups()).toEqual(made.slice(2));
    expect(made.slice(0, 2).some((p) => existsSync(p))).toBe(false);
    expect(latestBackup(dataDir)).toBe(made[4]);
    expect(listBackups(dataDir).map((p) => basename(p))).not.toContain('journal-20991231T000000000Z.sqlite3.partial');
  });

  it('schedules the first backup an interval after the newest one, then daily', async () => {
    const clock = manualClock();
    const day = 24 * 3600_000;
    const dataDir = tempDataDir();
    const store = openTestStore({ dataDir, now: clock.now });
    await store.backupNow();
    clock.advance(6 * 3600_000);
    const t = manualTimers(clock);
    const made: string[] = [];
    const schedule = store.scheduleBackups({ timers: t.timers, onBackup: (p) => made.push(p) });
    // Restarted 6 h after the last backup: the next one is due 18 h from now, not at once.
    expect(t.pendingAt()).toEqual([clock.now() + 18 * 3600_000]);
    expect(t.fire()).toBe(0);
    clock.advance(18 * 3600_000);
    expect(t.fire()).toBe(1);
    await settle(() => expect(made).toHaveLength(1));
    expect(t.pendingAt()).toEqual([clock.now() + day]);
    schedule.stop();
    expect(t.pendingAt()).toEqual([]);
  });

  it('backs up at once when there is no backup, and retries a failed one later without a tight loop', async () => {
    const clock = manualClock();
    const t = manualTimers(clock);
    let fail = true;
    const errors: unknown[] = [];
    let last: number | undefined;
    const schedule = scheduleBackups({
      now: clock.now,
      timers: t.timers,
      lastBackupAt: () => last,
      retryMs: 3600_000,
      run: async () => {
        if (fail) throw new Error('disk full');
        last = clock.now();
        return 'ok';
      },
      onError: (e) => errors.push(e),
    });
    expect(t.pendingAt()).toEqual([clock.now()]);
    t.fire();
    await settle(() => expect(errors).toHaveLength(1));
    expect(t.pendingAt()).toEqual([clock.now() + 3600_000]);
    fail = false;
    clock.advance(3600_000);
    t.fire();
    await settle(() => expect(last).toBe(clock.now()));
    expect(t.pendingAt()).toEqual([clock.now() + 24 * 3600_000]);
    schedule.stop();
  });
});
