// Runs the CLI (in-process, real loopback HTTP) against the recorded answers of every Smartcall QA
// recording, asserting the exit code and, for successes, the parsed JSON value.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../electron/smartcall/cli-main';
import { cassetteNames, loadCassette, startReplayServer, type ReplayServer } from './helpers/replay-server';

const DEALER = '27813272161';
const REF = '9194e809-7cce-4395-b782-5fd4045ce29d';
const RICA = JSON.stringify({
  agentId: '27821234567', firstName: 'Jane', surname: 'Doe', idDetails: null, registrationType: null, subscriberId: '8911000000010240123456',
  last4Iccid: '3456', residentialAddress: null, previousIdNumber: null, previousIdType: null, network: null, businessOwnerIdDetails: null,
});

// The CLI's stdout is JSON text: the assertions below index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Printed = any;
type CliCase = { argv: string[]; exit: number; value?: (v: Printed) => void; code?: string } | { skip: string };

const auth = (argv: string[], code = 'SMARTCALL_AUTH_TOKEN_INVALID'): CliCase => ({ argv, exit: 4, code });

const cases: Record<string, CliCase> = {
  test_auth: { argv: ['login'], exit: 0, value: (v) => expect(v.expiresAt).toBe(1518958713558) },
  test_auth__invalid_password: auth(['login'], 'SMARTCALL_AUTH_INVALID_PASSWORD'),
  test_auth__invalid_username: auth(['login'], 'SMARTCALL_AUTH_INVALID_USERNAME'),
  test_auth_token: { argv: ['token-query'], exit: 0, value: (v) => expect(v).toEqual({ availableTokens: 18 }) },
  test_auth_token__invalid_password: auth(['token-query'], 'SMARTCALL_AUTH_INVALID_PASSWORD'),
  test_auth_token__invalid_username: auth(['token-query'], 'SMARTCALL_AUTH_INVALID_USERNAME'),
  test_auth_token_delete: { argv: ['logout'], exit: 0, value: (v) => expect(v).toEqual({ invalidated: true }) },
  test_auth_token_delete__already_deleted: auth(['logout']),
  test_auth_token_delete_invalid_header: auth(['logout'], 'SMARTCALL_AUTH_HEADER_INVALID'),
  test_auth_token_flush: { argv: ['token-flush'], exit: 0, value: (v) => expect(v).toEqual({ availableTokens: 20 }) },
  test_auth_token_flush__already_deleted: auth(['token-flush']),
  test_auth_token_flush__basic_auth: { argv: ['token-flush'], exit: 0, value: (v) => expect(v).toEqual({ availableTokens: 20 }) },
  test_balance_27813272161: { argv: ['balance', '081 327 2161'], exit: 0, value: (v) => expect(v).toEqual({ balanceCents: 100000_00 }) },
  test_balance_27829677746: { argv: ['balance', '+27 82 967 7746'], exit: 0, value: (v) => expect(v).toEqual({ balanceCents: 110000_00 }) },
  test_balance_27820000000__invalid_token: auth(['balance', '27820000000']),
  test_cancelrecharge_27813272161: { skip: 'cancel was removed from the spec (v1.1.0): client only, no CLI command' },
  test_cancelrecharge_27813272161_already_cancelled: { skip: 'cancel was removed from the spec (v1.1.0): client only, no CLI command' },
  test_cancelrecharge_27820000000__invalid_token: { skip: 'cancel was removed from the spec (v1.1.0): client only, no CLI command' },
  test_cashup_27813272161: { argv: ['cashup', DEALER, '2018-10-01', '2018-10-27'], exit: 0, value: (v) => expect(v.items[0]).toMatchObject({ group: 'Closing Balance', netAmountCents: 74852 }) },
  'test_cashup_27813272161_2018-01-01_2018-01-01': { argv: ['cashup', DEALER, '2018-01-01', '2018-01-01'], exit: 0, value: (v) => expect(v.items).toHaveLength(3) },
  'test_cashup_27813272161_2018-01-01_2018-01-31': { argv: ['cashup', DEALER, '2018-01-01', '2018-01-31'], exit: 0, value: (v) => expect(v.items.at(-1).profitCents).toBe(3637) },
  'test_cashup_27813272161_2018-01-01_2018-01-31__invalid_token': auth(['cashup', DEALER, '2018-01-01', '2018-01-31']),
  'test_cashup_27813272161_2018-01-02_2018-01-02': { argv: ['cashup', DEALER, '2018-01-02', '2018-01-02'], exit: 0, value: (v) => expect(v.items).toHaveLength(4) },
  'test_cashup_27813272161_2018-01-29_2018-01-29': { argv: ['cashup', DEALER, '2018-01-29', '2018-01-29'], exit: 0, value: (v) => expect(v.items[0].profitCents).toBeNull() },
  'test_cashup_27813272161_2018-01-30_2018-01-30': { argv: ['cashup', DEALER, '2018-01-30', '2018-01-30'], exit: 0, value: (v) => expect(v.items).toHaveLength(1) },
  'test_cashup_27813272161_2018-01-31_2018-01-31': { argv: ['cashup', DEALER, '2018-01-31', '2018-01-31'], exit: 0, value: (v) => expect(v.items).toHaveLength(1) },
  test_cashup_27813272161__invalid_token: auth(['cashup', DEALER, '2018-10-01', '2018-10-27']),
  test_cashup_27813272161_no_auth: auth(['cashup', DEALER, '2018-10-01', '2018-10-27'], 'SMARTCALL_AUTH_HEADER_INVALID'),
  test_cashuptoday_27813272161: { argv: ['cashup', DEALER], exit: 0, value: (v) => expect(v.items).toHaveLength(2) },
  test_cashuptoday_27813272161__invalid_token: auth(['cashup', DEALER]),
  test_cashuptoday_27813272161_no_auth: auth(['cashup', DEALER], 'SMARTCALL_AUTH_HEADER_INVALID'),
  test_changeownership_sample__invalid_token: auth(['rica-change-owner', 'rica.json']),
  test_fundstransfer_27813272161_27829677746_100_true: { argv: ['transfer', DEALER, '27829677746', '10000', '--sms'], exit: 0, value: (v) => expect(v.sourceBalanceCents).toBe(90000_00) },
  test_fundstransfer_27820000000__invalid_token: auth(['transfer', '27820000000', '27830000000', '10000', '--sms']),
  test_fundstransfer__27829677746_27813272161_10000_true: { argv: ['transfer', '27829677746', DEALER, '10000.00', '--sms'], exit: 0, value: (v) => expect(v.sourceBalanceCents).toBe(100000_00) },
  test_health: { argv: ['network-status'], exit: 0, value: (v) => expect(v.vodacom).toBe('up') },
  test_health__with_expired_bearer_token: auth(['network-status']),
  test_health__without_bearer_token: auth(['network-status'], 'SMARTCALL_AUTH_HEADER_INVALID'),
  test_network_1: { argv: ['network', '1'], exit: 0, value: (v) => expect(v.productTypes).toHaveLength(12) },
  test_network_1__invalid_token: auth(['network', '1']),
  test_networks: { argv: ['networks'], exit: 0, value: (v) => expect(v).toHaveLength(12) },
  test_networks__invalid_token: auth(['networks']),
  test_ping: { argv: ['ping'], exit: 0, value: (v) => expect(v).toEqual({ response: 'Pong' }) },
  test_prevend_27813272161: { argv: ['prevend', DEALER, '22', '27831234567', '100', '--ref', '8184e809-7cce-4395-b782-5fd4045ce29d'], exit: 3, code: 'SMARTCALL_APP_ERROR' },
  test_prevend_27820000000__invalid_token: auth(['prevend', '27820000000', '22', '27831234567', '100']),
  test_products: { argv: ['product', '22'], exit: 0, value: (v) => expect(v.map((p: Printed) => p.retailCents)).toEqual([45000, 45000]) },
  test_products__invalid_token: auth(['product', '22']),
  test_recharge_27813272161: {
    argv: ['recharge', DEALER, '22', '083 123 4567', '100', '--ref', REF, '--sms'],
    exit: 0,
    value: (v) => expect(v).toMatchObject({ clientReference: REF, orderReferenceId: '130078272', balanceCents: 9957475 }),
  },
  test_recharge_27820000000__invalid_token: auth(['recharge', '27820000000', '22', '27831234567', '100']),
  test_registered_27820000000: { argv: ['registered', '082 000 0000'], exit: 0, value: (v) => expect(v).toEqual({ registered: true }) },
  test_registered_27820000000__invalid_token: auth(['registered', '27820000000']),
  test_registered_27829677746: { argv: ['registered', '27829677746'], exit: 0, value: (v) => expect(v).toEqual({ registered: true }) },
  test_registrations_sample__invalid_parameters: { argv: ['rica-register', 'rica.json'], exit: 3, code: 'SMARTCALL_HTTP_415' },
  test_simnetwork_27813272161: { argv: ['sim-network', DEALER], exit: 0, value: (v) => expect(v.network).toBe('Telkom Mobile') },
  test_simnetwork_27813272161__invalid_token: auth(['sim-network', DEALER]),
  test_simnetwork_no_auth: auth(['sim-network', DEALER], 'SMARTCALL_AUTH_HEADER_INVALID'),
  test_transaction_27813272161_cancelled: { argv: ['status', DEALER, REF], exit: 0, value: (v) => expect(v).toMatchObject({ status: 'pending', costCents: 42525 }) },
  test_transaction_27813272161_invalid_client_reference: { argv: ['status', DEALER, 'e309d658-dc45-4968-9c86-0867dae46e33'], exit: 3, code: 'SMARTCALL_API_ERROR_1005' },
  test_transaction_27813272161_pending: { argv: ['status', DEALER, REF], exit: 0, value: (v) => expect(v.status).toBe('pending') },
  test_transaction_27820000000__invalid_token: auth(['status', '27820000000', 'e309d658-dc45-4968-9c86-0867dae46e33']),
};

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    env: { SMARTCALL_USERNAME: 'tap', SMARTCALL_PASSWORD: 'recorded' },
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readFile: async (p) => (p === 'rica.json' ? RICA : Promise.reject(new Error(`no file ${p}`))),
    writeFile: async () => undefined,
  };
}

describe('CLI replay of every Smartcall QA recording', () => {
  it('has a case for every recording', () => {
    expect(Object.keys(cases).sort()).toEqual(cassetteNames());
  });

  for (const name of cassetteNames()) {
    const c = cases[name];
    if (c && 'skip' in c) {
      it(`${name} (no CLI command: ${c.skip})`, () => expect(c.skip.length).toBeGreaterThan(0));
      continue;
    }
    it(name, async () => {
      expect(c).toBeDefined();
      if (!c || 'skip' in c) return;
      server = await startReplayServer(name);
      const t = io();
      const exit = await runCli([...c.argv, '--env', 'qa', '--base-url', server.baseUrl, '--json'], t);
      expect(t.out).toHaveLength(1);
      const printed = JSON.parse(t.out[0]!);
      expect({ exit, ok: printed.ok }).toEqual({ exit: c.exit, ok: c.exit === 0 });
      if (c.exit === 0) c.value?.(printed.value);
      else expect(printed.error.code).toBe(c.code);
      if (name === 'test_recharge_27813272161') {
        const sent = server.received.find((r) => r.method === 'POST' && r.path.endsWith('/recharges'))!;
        expect(JSON.parse(sent.body)).toEqual(JSON.parse(loadCassette(name)[0]!.request.body!));
      }
    });
  }
});
