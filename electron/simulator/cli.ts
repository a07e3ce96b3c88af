// `npm run simulator -- --port 8101 [--seed N] [--time-scale X] [--no-rotation] [--test-controls]`:
// a standalone Smartcall stand-in on 127.0.0.1 for training and manual testing. Runs until
// SIGINT/SIGTERM. Test controls (/__sim) are on by default here, since this is training mode.
import { parseArgs } from 'node:util';
import { startSimulator } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8101' },
    seed: { type: 'string' },
    'time-scale': { type: 'string' },
    'no-rotation': { type: 'boolean', default: false },
    'no-test-controls': { type: 'boolean', default: false },
  },
  strict: true,
});

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative number, got "${v}"\n`);
    process.exit(2);
  }
  return n;
};

const sim = await startSimulator({
  port: num('port', values.port),
  seed: num('seed', values.seed),
  timeScale: num('time-scale', values['time-scale']),
  networkRotation: !values['no-rotation'],
  testControls: !values['no-test-controls'],
});
process.stdout.write(`Smartcall simulator listening on ${sim.baseUrl}\n`);
process.stdout.write(`Demo login: ${sim.demo.username} ${sim.demo.password} dealer ${sim.demo.smartloadId}\n`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
