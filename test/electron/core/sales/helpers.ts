import { afterEach } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../../electron/simulator';
import { createSmartcallClient } from '../../../../electron/smartcall';
import type { Sale } from '../../../../electron/store';
import type { SaleGateway } from '../../../../electron/core/sales/ports';
import { openTestStore } from '../../store/helpers';

export const START = Date.UTC(2026, 10, 27, 8, 0, 0);

const sims: RunningSimulator[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
});

/** A real simulator on loopback, a real client, a real journal in a temp dir, all on the simulator's clock. */
export async function rig(options: { asyncDelayMs?: number; timeoutMs?: number } = {}) {
  const sim = await startSimulator({ port: 0, testControls: true, networkRotation: false, now: () => START, seed: 11, asyncDelayMs: options.asyncDelayMs ?? 5_000 });
  sims.push(sim);
  const now = () => sim.controls.now();
  const t = options.timeoutMs ?? 10_000;
  const client = createSmartcallClient({
    environment: 'training',
    baseUrl: sim.baseUrl,
    credentials: { username: sim.demo.username, password: sim.demo.password },
    now,
    // Generous by default so a loaded CI machine never turns a normal answer into "unknown"; tests
    // that inject a hang pass a short one. Nothing here asserts on time.
    timeouts: { recharge: t, rechargeSync: t, prevend: t, transaction: t, batchRecharge: t },
  });
  // The real client satisfies the engine's port as it is.
  const gateway: SaleGateway = client;
  const store = openTestStore({ now });
  const changes: Sale[] = [];
  /** Net wallet movement per clientReference (negative = the dealer paid). */
  const charged = (ref: string) => sim.controls.ledger().filter((e) => e.clientReference === ref).reduce((sum, e) => sum + e.amountCents, 0);
  const debits = (ref: string) => sim.controls.ledger().filter((e) => e.clientReference === ref && e.amountCents < 0).length;
  return { sim, client, gateway, store, now, changes, charged, debits, smartloadId: sim.demo.smartloadId };
}
