// The Smartcall V3 simulator's programmatic entry point: tests and training mode start it with
// `startSimulator()`, talk to it over real HTTP on 127.0.0.1, and steer it with `controls`.
import type { AddressInfo } from 'node:net';
import { Catalogue, defaultCatalogue, type CatalogueData } from './catalogue';
import { createSimClock } from './clock';
import { FaultBook, type FaultSpec } from './faults';
import { createRng } from './rng';
import { buildServer, DEFAULT_PATHS, type SimulatorPaths } from './server';
import {
  DEFAULT_STATE_OPTIONS,
  SimState,
  type HealthKey,
  type LedgerEntry,
  type NetworkOverride,
  type Outcome,
  type StateOptions,
} from './state';

export type { SimulatorPaths } from './server';
export type { FaultSpec, FaultKind } from './faults';
export type { LedgerEntry, HealthKey, NetworkOverride, Outcome } from './state';
export { DEFAULT_PATHS } from './server';

/** How to start a simulator. Every field is optional. */
export type SimulatorOptions = {
  /** 0 or undefined = a random free port; always binds 127.0.0.1. */
  port?: number;
  /** Seeded randomness (default fixed). */
  seed?: number;
  /** 1 = real time; 60 = a simulated minute passes each real second. */
  timeScale?: number;
  /** Injected base clock (epoch ms); /__sim/clock and controls.advanceClock move time forward on top. */
  now?: () => number;
  /** Mount /__sim/* (tests and training mode; never otherwise). */
  testControls?: boolean;
  /** Each network down for 5 simulated minutes in rotation (default true). */
  networkRotation?: boolean;
  /** How long an async recharge stays PENDING (simulated ms, default 5000). */
  asyncDelayMs?: number;
  /** Where the PROPOSED operations live. */
  paths?: Partial<SimulatorPaths>;
  /** Extra tunables (prevend lifetime, order delay, RICA delay, rotation slot, stock). */
  rules?: Partial<Omit<StateOptions, 'asyncDelayMs' | 'networkRotation' | 'jwtSecret'>>;
  /** Replace the default catalogue (the recorded 2018 one). */
  catalogue?: CatalogueData;
  /** Replace the demo dealer (username, password, smartloadId, opening balance in cents). */
  demo?: { username: string; password: string; smartloadId: string; balanceCents: number };
};

/** In-process equivalents of the /__sim endpoints. */
export type SimulatorControls = {
  /** Every wallet movement, oldest first, each with its clientReference. */
  ledger(): LedgerEntry[];
  /** Arms a fault for the next matching request(s); returns its id. */
  fault(spec: FaultSpec): number;
  /** Disarms all faults. */
  clearFaults(): void;
  /** Makes every token (of one user, or all) invalid; returns how many. */
  expireTokens(username?: string): number;
  /** Forces a network UP or DOWN, or back to the rotation ('AUTO'). */
  setNetwork(key: HealthKey, state: NetworkOverride): void;
  /** Turns the 5-minute rotation on or off. */
  setRotation(enabled: boolean): void;
  /** Moves simulated time forward. */
  advanceClock(ms: number): void;
  /** Simulated now (epoch ms). */
  now(): number;
  /** Back to the seeded start (users, wallets, tokens, ledger, faults); time keeps going forward. */
  reset(): void;
  /** Forces the outcome of the next recharges, in order ('pending': a sync recharge answers PENDING and succeeds later). */
  queueOutcomes(outcomes: Outcome[]): void;
  /** Adds a web-service user linked to Smartload IDs (wallets created empty if new). */
  addUser(user: { username: string; password: string; smartloadIds: string[]; allowedIps?: string[] | null }): void;
  /** Adds a dealer wallet (not linked to anyone) with an opening balance. */
  addAccount(smartloadId: string, balanceCents?: number): void;
  /** Credits a wallet as a bank deposit. */
  deposit(smartloadId: string, cents: number): void;
  /** Balance of a wallet in cents (undefined if none). */
  balanceCents(smartloadId: string): number | undefined;
  /** Vouchers left for a product (default stock unless set). */
  setStock(productId: number, quantity: number): void;
  /** Pins what the SIM network lookup answers for one number. */
  setSimNetwork(msisdn: string, network: string, ported: boolean): void;
  /** The state object itself, for white-box tests of the simulator only. */
  state(): SimState;
};

/** A started simulator. */
export type RunningSimulator = {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** http://127.0.0.1:<port>/webservice */
  baseUrl: string;
  port: number;
  /** A funded dealer account. */
  demo: { username: string; password: string; smartloadId: string };
  controls: SimulatorControls;
  /** Stops listening and drops every connection (hung ones too). */
  close(): Promise<void>;
};

export const DEFAULT_SEED = 20180218;
export const DEFAULT_DEMO = { username: 'trainee', password: 'smartload', smartloadId: '27820000001', balanceCents: 10_000_000 } as const;

/** Starts a simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? DEFAULT_SEED;
  const clock = createSimClock(options.now ?? Date.now, options.timeScale ?? 1);
  const catalogue = new Catalogue(options.catalogue ?? defaultCatalogue());
  const demo = options.demo ?? DEFAULT_DEMO;
  const stateOptions: StateOptions = {
    ...DEFAULT_STATE_OPTIONS,
    ...options.rules,
    asyncDelayMs: options.asyncDelayMs ?? DEFAULT_STATE_OPTIONS.asyncDelayMs,
    networkRotation: options.networkRotation ?? true,
    jwtSecret: `smartcall-simulator-${seed}`,
  };
  const fresh = (): SimState => {
    const s = new SimState(clock, createRng(seed), catalogue, stateOptions);
    s.addUser(demo.username, demo.password, [demo.smartloadId]);
    s.deposit(demo.smartloadId, demo.balanceCents);
    return s;
  };
  let state = fresh();
  const faults = new FaultBook();
  // 'late-commit' operations waiting for their simulated time, oldest first.
  let deferred: { dueAt: number; run: () => void }[] = [];
  const runDue = (): void => {
    const now = clock.now();
    const due = deferred.filter((d) => d.dueAt <= now);
    if (due.length === 0) return;
    deferred = deferred.filter((d) => d.dueAt > now);
    for (const d of due) d.run();
  };

  const controls: SimulatorControls & { runDue(): void; defer(dueAt: number, run: () => void): void } = {
    runDue,
    defer: (dueAt, run) => void deferred.push({ dueAt, run }),
    ledger: () => {
      runDue();
      return state.ledger();
    },
    fault: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    expireTokens: (username) => state.expireTokens(username),
    setNetwork: (key, s) => void state.networkOverrides.set(key, s),
    setRotation: (enabled) => {
      state.rotation = enabled;
    },
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    reset: () => {
      state = fresh();
      faults.clear();
      deferred = [];
    },
    queueOutcomes: (outcomes) => void state.outcomeQueue.push(...outcomes),
    addUser: (u) => state.addUser(u.username, u.password, u.smartloadIds, u.allowedIps ?? null),
    addAccount: (id, cents = 0) => state.addAccount(id, cents),
    deposit: (id, cents) => void state.deposit(id, cents),
    balanceCents: (id) => {
      runDue();
      state.settleAll();
      return state.accounts.get(id)?.balanceCents;
    },
    setStock: (productId, quantity) => void state.stock.set(productId, quantity),
    setSimNetwork: (msisdn, network, ported) => void state.simOverrides.set(msisdn, { network, ported }),
    state: () => state,
  };

  const { app, sockets } = buildServer({
    state: () => state,
    faults,
    paths: { ...DEFAULT_PATHS, ...options.paths },
    testControls: options.testControls ?? false,
    controls,
  });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/webservice`,
    port,
    demo: { username: demo.username, password: demo.password, smartloadId: demo.smartloadId },
    controls,
    close: async () => {
      for (const s of sockets) s.destroy();
      await app.close();
    },
  };
}
