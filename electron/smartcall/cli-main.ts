/**
 * The Smartcall CLI for support staff and scripts (`npm run smartcall -- <command> [args] [options]`).
 * The logic lives here as `runCli(argv, io)` so tests run it in-process; `cli.ts` is the entry.
 *
 * Exit codes: 0 ok · 2 usage (bad arguments, nothing sent) · 3 refused by the API (api/http errors,
 * including in-band APP_ERROR / SYS_ERROR) · 4 authentication · 5 transport.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MoneyError, formatBasisPoints, formatRands, parseTypedRands } from '../../shared/money';
import { MsisdnError, normaliseMsisdn } from '../../shared/msisdn';
import { createSmartcallClient, type RechargeInput, type SmartcallClient, type SmartcallEnvironment } from './client';
import { isSmartcallError, type SmartcallError } from './errors';

/** What the CLI touches outside itself (injected by tests). */
export type CliIo = {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, bytes: Uint8Array) => Promise<void>;
};

/** Exit codes (stable: scripts depend on them). */
export const CLI_EXIT = { ok: 0, usage: 2, api: 3, auth: 4, transport: 5 } as const;

export const CLI_USAGE = `Usage: npm run smartcall -- <command> [args] [options]

Commands (amounts in rands as a person types them, e.g. 12.50; numbers as 082 123 4567 or 27821234567):
  ping | login | token-query | token-flush | logout
  balance <dealer> | networks | network <networkId> | product <productId> | registered <msisdn>
  recharge <dealer> <productId> <recipient> <amount> [--ref R] [--voucher] [--sms] [--meter M]
  recharge-sync <dealer> <productId> <recipient> <amount> [--ref R] [--voucher] [--sms] [--meter M]
  batch <dealer> <file.csv>        CSV rows: productId,recipient,amount[,ref[,voucher[,sms[,meter]]]]
  prevend <dealer> <productId> <recipient> <amount> [--ref R]
  transfer <fromDealer> <toDealer> <amount> [--sms]
  order-vouchers <dealer> <productId> <quantity> [--ref R]
  fetch-order <dealer> <ref> <orderRef> [--out FILE]
  recreate-order <dealer> <ref>
  status <dealer> <ref>
  cashup <dealer> [<from> <to>]    dates YYYY-MM-DD; without them, today
  rica-register <file.json> | rica-change-owner <file.json> | rica-status <ricaRef>
  sim-network <msisdn> | network-status

Options:
  --env training|qa|live   default training (with no --base-url: an embedded simulator, demo login)
  --base-url URL           overrides the environment's address
  --username U --password P   or SMARTCALL_USERNAME / SMARTCALL_PASSWORD
  --ca-file FILE           trust this extra CA certificate (PEM) besides the usual roots
  --json                   one JSON object on stdout: {"ok":true,"value":...} or {"ok":false,"error":{...}}

Exit codes: 0 ok, 2 usage, 3 refused by the API, 4 authentication, 5 transport.`;

class UsageError extends Error {
  readonly code: string;
  constructor(message: string, code = 'CLI_USAGE') {
    super(message);
    this.code = code;
  }
}

const OPTIONS = {
  env: { type: 'string' },
  'base-url': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  json: { type: 'boolean' },
  ref: { type: 'string' },
  voucher: { type: 'boolean' },
  sms: { type: 'boolean' },
  meter: { type: 'string' },
  out: { type: 'string' },
  'ca-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Positional arity per command: [min, max]. */
const ARITY: Record<string, [number, number]> = {
  ping: [0, 0],
  login: [0, 0],
  'token-query': [0, 0],
  'token-flush': [0, 0],
  logout: [0, 0],
  balance: [1, 1],
  networks: [0, 0],
  network: [1, 1],
  product: [1, 1],
  registered: [1, 1],
  recharge: [4, 4],
  'recharge-sync': [4, 4],
  batch: [2, 2],
  prevend: [4, 4],
  transfer: [3, 3],
  'order-vouchers': [3, 3],
  'fetch-order': [3, 3],
  'recreate-order': [2, 2],
  status: [2, 2],
  cashup: [1, 3],
  'rica-register': [1, 1],
  'rica-change-owner': [1, 1],
  'rica-status': [1, 1],
  'sim-network': [1, 1],
  'network-status': [0, 0],
};

const msisdnArg = (v: string) => normaliseMsisdn(v);
function intArg(name: string, v: string): number {
  if (!/^\d+$/.test(v.trim())) throw new UsageError(`${name} must be a whole number, got "${v}".`);
  return Number(v.trim());
}
function dateArg(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new UsageError(`"${v}" is not a date like 2018-01-31.`);
  return v;
}

/** Batch CSV: productId,recipient,amount[,ref[,voucher[,sms[,meter]]]]; '#' comments and a header row are skipped. */
export function parseBatchCsv(text: string, dealer: string): RechargeInput[] {
  const rows: RechargeInput[] = [];
  const lines = text.split(/\r?\n/);
  let first = true;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    const header = first && !/^\d+$/.test(cells[0] ?? '');
    first = false;
    if (header) return;
    const [productId = '', recipient = '', amount = '', ref, voucher, sms, meter] = cells;
    const where = `line ${index + 1}`;
    try {
      rows.push({
        smartloadId: dealer,
        productId: intArg(`productId (${where})`, productId),
        recipientMsisdn: msisdnArg(recipient),
        amountCents: parseTypedRands(amount),
        clientReference: ref && ref !== '' ? ref : randomUUID(),
        pinless: !/^(1|true|yes|y)$/i.test(voucher ?? ''),
        sendSms: /^(1|true|yes|y)$/i.test(sms ?? ''),
        ...(meter ? { meterNumber: meter } : {}),
      });
    } catch (e) {
      if (e instanceof Error) throw new UsageError(`${where}: ${e.message}`, (e as { code?: string }).code ?? 'CLI_USAGE');
      throw e;
    }
  });
  if (rows.length === 0) throw new UsageError('The batch file has no recharges.');
  return rows;
}

/** Cents and basis points made readable for people (JSON output keeps the integers). */
function humanize(value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return value.map(humanize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('Cents') && typeof v === 'number') out[k.slice(0, -5)] = formatRands(v);
      else if (k.endsWith('Bp') && typeof v === 'number') out[k.slice(0, -2)] = formatBasisPoints(v);
      else out[k] = humanize(v);
    }
    return out;
  }
  return value;
}

function exitFor(err: SmartcallError): number {
  if (err.code === 'SMARTCALL_BAD_REQUEST') return CLI_EXIT.usage;
  switch (err.kind) {
    case 'transport':
      return CLI_EXIT.transport;
    case 'auth':
      return CLI_EXIT.auth;
    default:
      return CLI_EXIT.api;
  }
}

/** Runs one CLI command; resolves to the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  let json = argv.includes('--json');
  const fail = (code: number, error: Record<string, unknown> & { code: string; message: string }): number => {
    if (json) io.stdout(JSON.stringify({ ok: false, error }) + '\n');
    else {
      io.stderr(`ERROR ${error.code}: ${error.message}\n`);
      if (typeof error.serverMessage === 'string' && error.serverMessage !== '') io.stderr(`Smartcall said: ${error.serverMessage}\n`);
      if (error.outcomeUnknown === true) io.stderr('OUTCOME UNKNOWN: check with `status <dealer> <ref>` before trying again.\n');
    }
    return code;
  };
  try {
    const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    values = parsed.values;
    positionals = parsed.positionals;
  } catch (e) {
    return fail(CLI_EXIT.usage, { code: 'CLI_USAGE', message: `${e instanceof Error ? e.message : String(e)}\n${CLI_USAGE}` });
  }
  json = values.json === true;
  const [command, ...args] = positionals;
  if (values.help || command === undefined) {
    if (values.help) {
      io.stdout(CLI_USAGE + '\n');
      return CLI_EXIT.ok;
    }
    return fail(CLI_EXIT.usage, { code: 'CLI_USAGE', message: CLI_USAGE });
  }
  const arity = ARITY[command];
  if (!arity) return fail(CLI_EXIT.usage, { code: 'CLI_UNKNOWN_COMMAND', message: `Unknown command "${command}".\n${CLI_USAGE}` });
  if (args.length < arity[0] || args.length > arity[1] || (command === 'cashup' && args.length === 2)) {
    return fail(CLI_EXIT.usage, { code: 'CLI_USAGE', message: `Wrong number of arguments for ${command}.\n${CLI_USAGE}` });
  }
  const environment = (values.env ?? 'training') as SmartcallEnvironment;
  if (!['training', 'qa', 'live'].includes(environment)) {
    return fail(CLI_EXIT.usage, { code: 'CLI_USAGE', message: `--env must be training, qa or live (got "${values.env}").` });
  }

  let closeSimulator: (() => Promise<void>) | undefined;
  let client: SmartcallClient | undefined;
  try {
    let baseUrl = values['base-url'];
    // An empty variable counts as unset (scripts often export SMARTCALL_PASSWORD= to clear it).
    let username = values.username ?? (io.env.SMARTCALL_USERNAME || undefined);
    let password = values.password ?? (io.env.SMARTCALL_PASSWORD || undefined);
    if (environment === 'training' && baseUrl === undefined) {
      // Training without an address: start the simulator in this process (state lasts one command).
      const { startSimulator } = await import('../simulator/index');
      const sim = await startSimulator({ port: 0, networkRotation: false });
      closeSimulator = () => sim.close();
      baseUrl = sim.baseUrl;
      username ??= sim.demo.username;
      password ??= sim.demo.password;
      if (!json) io.stderr(`training: embedded simulator at ${sim.baseUrl}, demo dealer ${sim.demo.smartloadId}\n`);
    }
    const creds = { username: username ?? '', password: password ?? '' };
    let extraCa: string | undefined;
    if (values['ca-file'] !== undefined) {
      try {
        extraCa = await io.readFile(values['ca-file']);
      } catch (e) {
        throw new UsageError(`Cannot read the CA file ${values['ca-file']}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    client = createSmartcallClient({
      environment,
      ...(baseUrl ? { baseUrl } : {}),
      ...(extraCa !== undefined ? { extraCaCertificates: extraCa } : {}),
      credentials: () => creds,
    });
    const value = await execute(client, command, args, values, io);
    if (json) io.stdout(JSON.stringify({ ok: true, value: value instanceof Uint8Array ? { bytes: value.byteLength } : value }) + '\n');
    else io.stdout(JSON.stringify(humanize(value), null, 2) + '\n');
    return CLI_EXIT.ok;
  } catch (e) {
    if (isSmartcallError(e)) return fail(exitFor(e), e.toJSON());
    if (e instanceof UsageError || e instanceof MoneyError || e instanceof MsisdnError) return fail(CLI_EXIT.usage, { code: e.code, message: e.message });
    return fail(CLI_EXIT.usage, { code: 'CLI_ERROR', message: e instanceof Error ? e.message : String(e) });
  } finally {
    // A CLI cannot share its token with anyone: give the session back (20 per user).
    await client?.shutdown().catch(() => undefined);
    await closeSimulator?.();
  }
}

async function execute(c: SmartcallClient, command: string, a: string[], v: Values, io: CliIo): Promise<unknown> {
  const arg = (i: number) => a[i] ?? '';
  const rechargeInput = (): RechargeInput => ({
    smartloadId: msisdnArg(arg(0)),
    productId: intArg('productId', arg(1)),
    recipientMsisdn: msisdnArg(arg(2)),
    amountCents: parseTypedRands(arg(3)),
    clientReference: v.ref ?? randomUUID(),
    pinless: v.voucher !== true,
    sendSms: v.sms === true,
    ...(v.meter ? { meterNumber: v.meter } : {}),
  });
  switch (command) {
    case 'ping':
      return { response: await c.ping() };
    case 'login':
      return await c.login();
    case 'token-query':
      return { availableTokens: await c.tokenQuery() };
    case 'token-flush':
      return { availableTokens: await c.tokenFlush() };
    case 'logout':
      await c.login();
      return { invalidated: await c.logout() };
    case 'balance':
      return { balanceCents: await c.balance(msisdnArg(arg(0))) };
    case 'networks':
      return await c.networks();
    case 'network':
      return await c.network(intArg('networkId', arg(0)));
    case 'product':
      return await c.product(intArg('productId', arg(0)));
    case 'registered':
      return { registered: await c.registered(msisdnArg(arg(0))) };
    case 'recharge': {
      const input = rechargeInput();
      return { clientReference: input.clientReference, ...(await withRef(input.clientReference, () => c.recharge(input))) };
    }
    case 'recharge-sync': {
      const input = rechargeInput();
      return { clientReference: input.clientReference, ...(await withRef(input.clientReference, () => c.rechargeSync(input))) };
    }
    case 'prevend': {
      const input = { ...rechargeInput(), pinless: true, sendSms: false };
      return { clientReference: input.clientReference, ...(await withRef(input.clientReference, () => c.prevend(input))) };
    }
    case 'batch': {
      const dealer = msisdnArg(arg(0));
      const items = parseBatchCsv(await io.readFile(arg(1)), dealer);
      return await c.batchRecharge(dealer, items);
    }
    case 'transfer':
      return await c.fundsTransfer({ sourceSmartloadId: msisdnArg(arg(0)), recipientSmartloadId: msisdnArg(arg(1)), amountCents: parseTypedRands(arg(2)), sendSms: v.sms === true });
    case 'order-vouchers': {
      const clientReference = v.ref ?? randomUUID();
      const order = await withRef(clientReference, () => c.orderVouchers({ smartloadId: msisdnArg(arg(0)), productId: intArg('productId', arg(1)), quantity: intArg('quantity', arg(2)), clientReference }));
      return { clientReference, ...order };
    }
    case 'fetch-order': {
      const file = await c.fetchOrderFile(msisdnArg(arg(0)), arg(1), arg(2));
      if (v.out) await io.writeFile(v.out, file.bytes);
      return { orderReferenceId: file.orderReferenceId, fileName: file.fileName, bytes: file.bytes.byteLength, ...(v.out ? { out: v.out } : {}) };
    }
    case 'recreate-order':
      return await c.recreateOrderFile(msisdnArg(arg(0)), arg(1));
    case 'status':
      return await c.transaction(msisdnArg(arg(0)), arg(1));
    case 'cashup':
      return a.length === 1 ? await c.cashupToday(msisdnArg(arg(0))) : await c.cashupPeriod(msisdnArg(arg(0)), dateArg(arg(1)), dateArg(arg(2)));
    case 'rica-register':
    case 'rica-change-owner': {
      let body: unknown;
      try {
        body = JSON.parse(await io.readFile(arg(0)));
      } catch (e) {
        throw new UsageError(`${arg(0)} is not readable JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      const input = body as Parameters<SmartcallClient['ricaRegister']>[0];
      return command === 'rica-register' ? await c.ricaRegister(input) : await c.ricaChangeOwner(input);
    }
    case 'rica-status':
      return await c.ricaStatus(arg(0));
    case 'sim-network':
      return await c.simNetwork(msisdnArg(arg(0)));
    case 'network-status':
      return await c.networkStatus();
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** Money-moving commands: on failure, the error carries the clientReference so support can enquire. */
async function withRef<T>(clientReference: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isSmartcallError(e) && e.outcomeUnknown) {
      e.message = `${e.message} Client reference: ${clientReference}.`;
    }
    throw e;
  }
}
