// The CLI in-process against the real simulator (loopback), plus one real `tsx cli.ts` process.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../electron/simulator';
import { CLI_EXIT, parseBatchCsv, runCli, type CliIo } from '../../../electron/smartcall/cli-main';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, testControls: true, networkRotation: false, rules: { orderDelayMs: 0 } });
});
afterAll(async () => {
  await sim.close();
});

type Run = { exit: number; out: string; err: string; files: Map<string, Uint8Array>; json: () => any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function cli(argv: string[], files: Record<string, string> = {}, env: Record<string, string> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, Uint8Array>();
  const io: CliIo = {
    env: { SMARTCALL_USERNAME: sim.demo.username, SMARTCALL_PASSWORD: sim.demo.password, ...env },
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: async (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT: no such file ${p}`);
      return f;
    },
    writeFile: async (p, bytes) => void written.set(p, bytes),
  };
  const exit = await runCli(argv, io);
  return { exit, out: out.join(''), err: err.join(''), files: written, json: () => JSON.parse(out.join('')) };
}

const at = () => ['--env', 'training', '--base-url', sim.baseUrl];

describe('usage errors exit 2 and send nothing', () => {
  it.each([
    [[], 'CLI_USAGE'],
    [['fly'], 'CLI_UNKNOWN_COMMAND'],
    [['balance'], 'CLI_USAGE'],
    [['cashup', '27820000001', '2018-01-01'], 'CLI_USAGE'],
    [['balance', '27820000001', '--bogus'], 'CLI_USAGE'],
    [['balance', '27820000001', '--env', 'prod'], 'CLI_USAGE'],
    [['recharge', '27820000001', '62', '0821234567', '12.505'], 'MONEY_TOO_PRECISE'],
    [['recharge', '27820000001', '62', '0821234567', '-5'], 'CLI_USAGE'], // "-5" reads as an option
    [['recharge', '27820000001', '62', '0821234567', '--', '-5'], 'MONEY_NEGATIVE'],
    [['recharge', '27820000001', '62', '082 123', '12.50'], 'MSISDN_INVALID'],
    [['recharge', '27820000001', 'sixty', '0821234567', '12.50'], 'CLI_USAGE'],
    [['cashup', '27820000001', '2018-13-01', '2018-13-02'], 'CLI_USAGE'],
    [['transfer', '27820000001', '27829677746', '10.50'], 'SMARTCALL_BAD_REQUEST'],
  ])('%j → %s', async (argv, code) => {
    const before = sim.controls.ledger().length;
    // The case's own arguments come last, so they override the defaults (e.g. --env prod).
    const r = await cli(['--json', ...at(), ...argv]);
    expect(r.exit).toBe(CLI_EXIT.usage);
    expect(r.json()).toMatchObject({ ok: false, error: { code } });
    expect(sim.controls.ledger().length).toBe(before);
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.exit).toBe(0);
    expect(r.out).toContain('recharge <dealer> <productId> <recipient> <amount>');
  });
});

describe('commands against the simulator', () => {
  it('recharge (typed amount, everyday number) then status; human output shows rands', async () => {
    const r = await cli(['recharge', '082 000 0001', '62', '083 123 4567', '12.50', '--ref', 'cli-ref-1', ...at(), '--json']);
    expect(r.exit).toBe(0);
    expect(r.json().value).toMatchObject({ clientReference: 'cli-ref-1', retailPriceCents: 1250, dealerDiscountBp: 550 });
    const ledger = sim.controls.ledger().filter((e) => e.clientReference === 'cli-ref-1');
    expect(ledger.map((e) => e.amountCents)).toEqual([-(1250 - 69)]);
    const s = await cli(['status', '27820000001', 'cli-ref-1', ...at()]);
    expect(s.exit).toBe(0);
    expect(s.out).toContain('"amount": "R12.50"');
    expect(s.out).toContain('"discount": "5.50%"');
  });

  it('batch from a CSV file', async () => {
    const csv = 'productId,recipient,amount,ref\n62,0831234567,15.00,b-1\n62,0831234568,16,b-2\n';
    const r = await cli(['batch', '27820000001', 'b.csv', ...at(), '--json'], { 'b.csv': csv });
    expect(r.exit).toBe(0);
    expect(r.json().value).toMatchObject({ responseCode: 'SUCCESS', items: [{ clientReference: 'b-1', ok: true }, { clientReference: 'b-2', ok: true }] });
  });

  it('order-vouchers then fetch-order --out writes the zip', async () => {
    const o = await cli(['order-vouchers', '27820000001', '65', '2', '--ref', 'ord-1', ...at(), '--json']);
    expect(o.exit).toBe(0);
    const orderRef = String(o.json().value.orderReferenceId);
    const f = await cli(['fetch-order', '27820000001', 'ord-1', orderRef, '--out', 'vouchers.zip', ...at(), '--json']);
    expect(f.exit).toBe(0);
    const bytes = f.files.get('vouchers.zip');
    expect(bytes && [...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    expect(f.json().value.bytes).toBe(bytes?.byteLength);
  });

  it('an API refusal exits 3 with the stable code and the message on stderr', async () => {
    const r = await cli(['status', '27820000001', 'never-sent', ...at()]);
    expect(r.exit).toBe(CLI_EXIT.api);
    expect(r.err).toContain('ERROR SMARTCALL_API_ERROR_1005:');
    expect(r.err).toContain('ClientReference does not exist');
  });

  it('bad credentials exit 4', async () => {
    const r = await cli(['balance', '27820000001', ...at(), '--password', 'wrong', '--json']);
    expect(r.exit).toBe(CLI_EXIT.auth);
    expect(r.json().error.code).toBe('SMARTCALL_AUTH_INVALID_PASSWORD');
    expect(r.out).not.toContain('wrong');
  });

  it('a dropped recharge exits 5, says OUTCOME UNKNOWN and names the client reference', async () => {
    sim.controls.fault({ kind: 'drop-after', method: 'POST', path: '/smartload/recharges' });
    const r = await cli(['recharge', '27820000001', '62', '0831234569', '20', '--ref', 'lost-1', ...at()]);
    expect(r.exit).toBe(CLI_EXIT.transport);
    expect(r.err).toContain('OUTCOME UNKNOWN');
    expect(r.err).toContain('lost-1');
  });

  it('a refused connection exits 5', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const r = await cli(['ping', '--env', 'qa', '--base-url', `http://127.0.0.1:${port}/webservice`, '--json']);
    expect(r.exit).toBe(CLI_EXIT.transport);
    expect(r.json().error).toMatchObject({ kind: 'transport', code: 'SMARTCALL_CONNECTION_REFUSED', outcomeUnknown: false });
  });

  it('every CLI run gives its session back (no token left live)', async () => {
    await cli(['balance', '27820000001', ...at()]);
    const q = await cli(['token-query', ...at(), '--json']);
    expect(q.json().value.availableTokens).toBe(20);
  });

  it('training without --base-url starts an embedded simulator with the demo login', async () => {
    const r = await cli(['balance', '27820000001', '--json'], {}, { SMARTCALL_USERNAME: '', SMARTCALL_PASSWORD: '' });
    expect(r.exit).toBe(0);
    expect(r.json().value.balanceCents).toBe(10_000_000);
  });
});

describe('every command against the simulator', () => {
  const rica = {
    agentId: '27821234567', firstName: 'Jane', surname: 'Doe', idDetails: { idNumber: '8001015009087', idType: 'said' }, registrationType: 'new',
    subscriberId: '8911000000010240123456', last4Iccid: '3456', residentialAddress: { address1: '1 Main Road', postalCode: '8001', country: { countryCode: 'ZA' } },
    previousIdNumber: '7001015009086', previousIdType: 'said', network: { id: 1 }, businessOwnerIdDetails: null,
  };
  const files = { 'rica.json': JSON.stringify(rica) };

  it('each command exits 0 with one JSON object', async () => {
    await cli(['order-vouchers', '27820000001', '65', '1', '--ref', 'every-ord', ...at()]);
    const reg = await cli(['--json', 'rica-register', 'rica.json', ...at()], files);
    const ricaRef = String(reg.json().value.ricaReference);
    const commands: string[][] = [
      ['ping'], ['login'], ['token-query'], ['token-flush'], ['logout'], ['balance', '27820000001'], ['networks'], ['network', '2'],
      ['product', '62'], ['registered', '27820000001'], ['recharge', '27820000001', '62', '0831112222', '7'],
      ['recharge-sync', '27820000001', '62', '0831112223', '8'], ['prevend', '27820000001', '62', '0831112224', '9'],
      ['transfer', '27820000001', '27829677746', '25'], ['recreate-order', '27820000001', 'every-ord'], ['cashup', '27820000001'],
      ['cashup', '27820000001', '2026-01-01', '2026-12-31'], ['rica-change-owner', 'rica.json'], ['rica-status', ricaRef],
      ['sim-network', '0831234567'], ['network-status'],
    ];
    for (const argv of commands) {
      const r = await cli(['--json', ...argv, ...at()], files);
      expect({ argv, exit: r.exit, err: r.err }).toEqual({ argv, exit: 0, err: '' });
      expect(r.json().ok).toBe(true);
    }
  });
});

describe('batch CSV', () => {
  it('reads rows, skips a header and comments, and refuses a bad amount with its line', () => {
    const rows = parseBatchCsv('# my batch\nproductId,recipient,amount\n62,082 123 4567,12.50,r1,yes,no\n47,0821234567,100,r2,1,1,01234567890\n', '27820000001');
    expect(rows).toEqual([
      { smartloadId: '27820000001', productId: 62, recipientMsisdn: '27821234567', amountCents: 1250, clientReference: 'r1', pinless: false, sendSms: false },
      { smartloadId: '27820000001', productId: 47, recipientMsisdn: '27821234567', amountCents: 10000, clientReference: 'r2', pinless: false, sendSms: true, meterNumber: '01234567890' },
    ]);
    expect(() => parseBatchCsv('62,0821234567,1.234\n', '27820000001')).toThrow(/line 1/);
  });
});

describe('the real entry point', () => {
  it('`tsx electron/smartcall/cli.ts ping --json` prints one JSON object and exits 0', async () => {
    // Async spawn: the simulator lives in this process and must keep answering.
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'electron/smartcall/cli.ts'), 'ping', '--base-url', sim.baseUrl, '--json'], { cwd: root });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ok: true, value: { response: 'Pong' } });
  });
});
