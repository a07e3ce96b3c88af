// Child process of the crash test: runs the real engine (and reconciler) against the parent's
// simulator and a journal in the parent's temp dir, and SIGKILLs itself at the chosen crash point.
// Not a test file: run as `node --import tsx crash-child.ts '<json args>'`.
import { createSaleEngine } from '../../../../electron/core/sales/engine';
import { createReconciler } from '../../../../electron/core/sales/reconciler';
import type { CrashPoint } from '../../../../electron/core/sales/ports';
import { createSmartcallClient } from '../../../../electron/smartcall';
import { createAesGcmPinCipher, openStore } from '../../../../electron/store';

type Args = { dataDir: string; baseUrl: string; username: string; password: string; smartloadId: string; point: CrashPoint; amountCents: number; recipient: string };
const args = JSON.parse(process.argv[2] ?? '{}') as Args;

const store = openStore({ dataDir: args.dataDir, cipher: createAesGcmPinCipher(new Uint8Array(32).fill(7)) });
const client = createSmartcallClient({ environment: 'training', baseUrl: args.baseUrl, credentials: { username: args.username, password: args.password } });
const die = (p: CrashPoint) => {
  if (p === args.point) process.kill(process.pid, 'SIGKILL');
};
let offline = args.point === 'forwarding';
const policy = { enabled: true, maxTotalCents: 1_000_000, maxAgeMs: 3_600_000 };
const engine = createSaleEngine({
  sales: store.sales,
  vouchers: store.vouchers,
  gateway: client,
  smartloadId: () => args.smartloadId,
  crash: args.point === 'applying-enquiry' ? undefined : die,
  isOffline: () => offline,
  offlinePolicy: policy,
});
const sale = { productId: 62, recipientMsisdn: args.recipient, amountCents: args.amountCents };

if (args.point === 'claiming-pin') {
  store.vouchers.importVouchers([{ productId: 65, amountCents: 1200, serial: 'S1', pin: '5555666677778888' }]);
  await engine.sellFromStock({ productId: 65, recipientMsisdn: args.recipient, amountCents: 1200 });
} else if (args.point === 'mid-batch') {
  await engine.sellBatch(Array.from({ length: 10 }, (_, i) => ({ ...sale, recipientMsisdn: `082500${String(i).padStart(4, '0')}` })));
} else {
  await engine.sell('pinless', sale);
}
if (args.point === 'applying-enquiry' || args.point === 'forwarding') {
  offline = false;
  // Ten minutes ahead so the sale is due for its first check.
  const reconciler = createReconciler({ sales: store.sales, gateway: client, now: () => Date.now() + 600_000, crash: die, offlinePolicy: policy });
  await reconciler.tick();
}
// Reaching here means the crash point was never passed: the parent treats exit code 3 as a harness error.
process.exit(3);
