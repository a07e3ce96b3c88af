import type { ShellKind } from '../../shared/contract/channels';
import { join } from 'node:path';
import { ensurePrivateDir } from '../platform/data-dir';
import type { DataKeyProvider } from '../platform/data-key';
import { createSealedSecretsStore } from '../platform/secrets';
import type { SettingsStore } from '../platform/settings';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator';
import { createSmartcallClient, type SmartcallCredentials } from '../smartcall';
import { createAesGcmPinCipher, openStore, type Store } from '../store';
import { createCatalogueDomain } from './catalogue/catalogue-domain';
import type { CoreContext, SessionPort } from './context';
import type { Domain } from './domain';
import { createEventBus, type EventBus } from './event-bus';
import type { Handlers } from './gate';
import { realTimers } from './timers';
import { createSalesDomain } from './sales-domain';
import type { SalesDomain } from './sales/domain';
import { createSessionDomain } from './session/session-domain';
import { createSettingsDomain } from './settings/settings-domain';
import { createStatusDomain, type StatusMonitor } from './status/status-domain';

export type TillCoreOptions = {
  shell: ShellKind;
  /** The till's data folder (journal, settings, keys, backups); created private by the shell. */
  dataDir: string;
  version: string;
  /** The shell's settings store (conf in the browser shell, electron-store in Electron). */
  settings: SettingsStore;
  /** The shell's data key (a private key file, or the OS keychain in Electron). */
  keys: DataKeyProvider;
  /** Where the Smartcall credentials come from in QA/LIVE; default: the settings' user name + the sealed password. */
  credentials?: () => SmartcallCredentials | undefined;
  /** How often the core says it is alive; 0 switches the heartbeat off (tests drive it by hand). */
  heartbeatMs?: number;
  /** Wall clock in epoch ms; tests pass their own. */
  now?: () => number;
  /** Training mode: how the embedded simulator runs (tests switch the rotation off or speed time up). */
  simulator?: Pick<SimulatorOptions, 'port' | 'seed' | 'timeScale' | 'networkRotation' | 'asyncDelayMs' | 'rules'>;
};

/** The till without a shell: what both the Electron main process and the browser shell run. */
export type TillCore = {
  handlers: Handlers;
  events: EventBus;
  context: CoreContext;
  /** The domains other parts need to reach directly (the reconciler's tick in tests, status in a shell). */
  domains: { session: SessionPort; sales: SalesDomain; status: StatusMonitor };
  /** Emit one heartbeat now (the timer calls this; tests may too). */
  heartbeat(): void;
  /** Stop background work, log out of Smartcall, close the journal. Safe to call twice. */
  close(): Promise<void>;
};

/**
 * The composition root: opens the journal, starts the embedded simulator in training mode, makes
 * the one Smartcall client, and builds every domain over them. Refuses to start (throws) on a
 * journal it cannot trust, so a shell can show the message instead of a till that loses sales.
 */
export async function createTillCore(options: TillCoreOptions): Promise<TillCore> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const settings = options.settings.get();
  const mode = settings.environment;
  const events = createEventBus();
  const cleanups: (() => Promise<void> | void)[] = [];

  try {
    // One journal per environment: practice sales (training) and Smartcall QA sales must never mix
    // with the shop's real sales in its history and cash-ups. Settings, keys and secrets are shared.
    const journalDir = join(options.dataDir, mode);
    ensurePrivateDir(journalDir);
    const store: Store = openStore({ dataDir: journalDir, cipher: createAesGcmPinCipher(options.keys.dataKey()), now });
    cleanups.push(() => store.close());

    let simulator: RunningSimulator | undefined;
    if (mode === 'training') {
      simulator = await startSimulator({ testControls: true, ...options.simulator, port: options.simulator?.port ?? 0 });
      const sim = simulator;
      cleanups.push(() => sim.close());
    }

    // The Smartcall password is sealed apart from the settings file, under the same data key as voucher PINs.
    const secrets = createSealedSecretsStore({ dataDir: options.dataDir, key: () => options.keys.dataKey() });
    const storedCredentials = (): SmartcallCredentials | undefined => {
      const username = options.settings.get().smartcall.username;
      let password: string | undefined;
      try {
        password = secrets.get().smartcallPassword;
      } catch {
        password = undefined; // unreadable: the client then says no credentials, and the settings screen asks again
      }
      return username && password ? { username, password } : undefined;
    };

    const client = createSmartcallClient({
      environment: mode,
      ...(simulator ? { baseUrl: simulator.baseUrl } : settings.smartcall.baseUrl ? { baseUrl: settings.smartcall.baseUrl } : {}),
      credentials: simulator ? { username: simulator.demo.username, password: simulator.demo.password } : (options.credentials ?? storedCredentials),
      cache: store.httpCache,
      now,
    });
    cleanups.push(() => client.shutdown());

    const context: CoreContext = {
      mode,
      shell: options.shell,
      dataDir: options.dataDir,
      version: options.version,
      now,
      events,
      store,
      client,
      settings: options.settings,
      dealerId: () => simulator?.demo.smartloadId ?? options.settings.get().dealer.defaultSmartloadId,
      simulator,
    };

    // Built in dependency order; the links between domains are explicit here, not looked up.
    const session = createSessionDomain(context);
    const catalogue = createCatalogueDomain(context);
    const status = createStatusDomain(context, { catalogue });
    const sales = createSalesDomain(context, session.port, {
      isOffline: () => status.isOffline(),
      onReconcilerStatus: (reconciler) => status.setReconcilerStatus(reconciler),
    });
    const domains: Domain<never>[] = [session, createSettingsDomain(context, { secrets, session: session.port }), catalogue, status, sales];

    const handlers = Object.assign(
      {
        'app:info': async () => ({ name: 'Smartload Till', version: options.version, mode, shell: options.shell, dataDir: options.dataDir, startedAt }),
      },
      ...domains.map((d) => d.handlers),
    ) as Handlers;

    for (const domain of domains) if (domain.close) cleanups.push(() => domain.close!());
    for (const domain of domains) domain.start?.();

    // The journal's daily online backup (the last 7 kept), started a minute after start-up so a till
    // that is opened and closed at once (or a test) never races its own shutdown; the sale path
    // never waits for it.
    let backups: { stop(): void } | undefined;
    const backupStart = realTimers.setTimeout(() => {
      backups = store.scheduleBackups({
        timers: realTimers,
        onError: (error) => console.error('[core] journal backup failed', error instanceof Error ? error.message : String(error)),
      });
    }, 60_000);
    cleanups.push(() => {
      realTimers.clearTimeout(backupStart);
      backups?.stop();
    });

    let seq = 0;
    const heartbeat = () => events.emit('app:heartbeat', { seq: seq++, at: now() });
    const heartbeatMs = options.heartbeatMs ?? settings.heartbeat.intervalMs;
    if (heartbeatMs > 0) {
      const timer = setInterval(heartbeat, heartbeatMs);
      timer.unref();
      cleanups.push(() => clearInterval(timer));
    }

    let closed = false;
    return {
      handlers,
      events,
      context,
      domains: { session: session.port, sales, status },
      heartbeat,
      async close() {
        if (closed) return;
        closed = true;
        await runCleanups(cleanups);
      },
    };
  } catch (error) {
    await runCleanups(cleanups);
    throw error;
  }
}

/** Newest first; one failing cleanup does not stop the others. */
async function runCleanups(cleanups: (() => Promise<void> | void)[]): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('[core] shutdown step failed', error instanceof Error ? error.message : String(error));
    }
  }
  cleanups.length = 0;
}
