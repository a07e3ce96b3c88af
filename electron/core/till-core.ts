import type { ShellKind, TillMode } from '../../shared/contract/channels';
import { createEventBus, type EventBus } from './event-bus';
import type { Handlers } from './gate';

export type TillCoreOptions = {
  mode: TillMode;
  shell: ShellKind;
  /** The till's data folder (journal, settings, backups); created by the shell before the core starts. */
  dataDir: string;
  version: string;
  /** How often the core says it is alive; 0 switches the heartbeat off (tests drive it by hand). */
  heartbeatMs?: number;
  /** Wall clock in epoch ms; tests pass their own. */
  now?: () => number;
};

/** The till without a shell: what both the Electron main process and the browser shell run. */
export type TillCore = {
  handlers: Handlers;
  events: EventBus;
  /** Emit one heartbeat now (the timer calls this; tests may too). */
  heartbeat(): void;
  /** Stop timers and close what the core opened. Safe to call twice. */
  close(): Promise<void>;
};

export async function createTillCore(options: TillCoreOptions): Promise<TillCore> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const bus = createEventBus();
  let seq = 0;

  const heartbeat = () => bus.emit('app:heartbeat', { seq: seq++, at: now() });
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const timer = heartbeatMs > 0 ? setInterval(heartbeat, heartbeatMs) : undefined;
  timer?.unref();

  const handlers: Handlers = {
    'app:info': async () => ({
      name: 'Smartload Till',
      version: options.version,
      mode: options.mode,
      shell: options.shell,
      dataDir: options.dataDir,
      startedAt,
    }),
  };

  let closed = false;
  return {
    handlers,
    events: bus,
    heartbeat,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
    },
  };
}
