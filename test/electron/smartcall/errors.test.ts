// Error classification at the edge of the unit: a fake `fetch` throws exactly what Node's fetch
// throws for DNS and TLS failures (which cannot be produced on loopback without other hosts).
import { describe, expect, it } from 'vitest';
import { createSmartcallClient, isSmartcallError, redact, SmartcallError } from '../../../electron/smartcall';
import { apiError, authError } from '../../../electron/smartcall/errors';

function nodeFetchError(code: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}

async function failWith(code: string, op: 'recharge' | 'balance') {
  const c = createSmartcallClient({
    environment: 'qa',
    credentials: { username: 'u', password: 'p' },
    fetch: async () => {
      throw nodeFetchError(code);
    },
  });
  const run = op === 'recharge'
    ? c.recharge({ smartloadId: '27813272161', clientReference: 'r', productId: 1, recipientMsisdn: '27831234567', amountCents: 100, pinless: true, sendSms: false })
    : c.balance('27813272161');
  return run.then(() => undefined, (e: unknown) => e);
}

describe('transport classification', () => {
  it.each([
    ['ENOTFOUND', 'SMARTCALL_DNS'],
    ['EAI_AGAIN', 'SMARTCALL_DNS'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SMARTCALL_TLS'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SMARTCALL_TLS'],
    ['CERT_HAS_EXPIRED', 'SMARTCALL_TLS'],
    ['ECONNREFUSED', 'SMARTCALL_CONNECTION_REFUSED'],
  ])('%s → %s, never outcome-unknown (nothing was sent)', async (nodeCode, code) => {
    const e = await failWith(nodeCode, 'balance');
    expect(isSmartcallError(e) && e.toJSON()).toMatchObject({ kind: 'transport', code, outcomeUnknown: false });
  });

  it.each([
    ['ECONNRESET', 'SMARTCALL_CONNECTION_RESET'],
    ['UND_ERR_SOCKET', 'SMARTCALL_CONNECTION_RESET'],
    ['UND_ERR_HEADERS_TIMEOUT', 'SMARTCALL_TIMEOUT'],
  ])('%s after login: a recharge is outcome-unknown, a balance read is not', async (nodeCode, code) => {
    // Login answers; the next request fails the way Node's fetch reports it.
    const fetchStub: typeof fetch = async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/auth')) return new Response(JSON.stringify({ responseDescription: 'ok', accessToken: 'a.b.c', tokenType: 'Bearer', expiresAt: Date.now() + 86_400_000, scope: '' }), { status: 200 });
      throw nodeFetchError(nodeCode);
    };
    const c = createSmartcallClient({ environment: 'qa', credentials: { username: 'u', password: 'p' }, fetch: fetchStub });
    const r = await c.recharge({ smartloadId: '27813272161', clientReference: 'r', productId: 1, recipientMsisdn: '27831234567', amountCents: 100, pinless: true, sendSms: false }).catch((e: unknown) => e);
    expect(isSmartcallError(r) && r.toJSON()).toMatchObject({ kind: 'transport', code, operation: 'recharge', outcomeUnknown: true });
    const b = await c.balance('27813272161').catch((e: unknown) => e);
    expect(isSmartcallError(b) && b.toJSON()).toMatchObject({ kind: 'transport', code, operation: 'balance', outcomeUnknown: false });
  });

  it('a failing login is never outcome-unknown', async () => {
    const e = await failWith('ECONNRESET', 'recharge');
    expect(isSmartcallError(e) && e.toJSON()).toMatchObject({ code: 'SMARTCALL_CONNECTION_RESET', operation: 'login', outcomeUnknown: false });
  });

  it('qa and live use the SEED addresses; training needs a base URL', () => {
    expect(createSmartcallClient({ environment: 'qa', credentials: { username: 'u', password: 'p' } }).baseUrl).toBe('https://www.smartcallesb.co.za:8101/webservice');
    expect(createSmartcallClient({ environment: 'live', credentials: { username: 'u', password: 'p' } }).baseUrl).toBe('https://www.smartcallesb.co.za:8100/webservice');
    expect(() => createSmartcallClient({ environment: 'training', credentials: { username: 'u', password: 'p' } })).toThrow(/baseUrl/);
    // Credentials never go to a real environment in clear text; loopback is allowed (tests, local proxy).
    expect(() => createSmartcallClient({ environment: 'live', baseUrl: 'http://www.smartcallesb.co.za:8100/webservice', credentials: { username: 'u', password: 'p' } })).toThrow(/https/);
    expect(createSmartcallClient({ environment: 'qa', baseUrl: 'http://127.0.0.1:8101/webservice', credentials: { username: 'u', password: 'p' } }).baseUrl).toBe('http://127.0.0.1:8101/webservice');
  });
});

describe('error mapping', () => {
  it('maps each 401 message and 429', () => {
    expect(authError('x', 401, 'Invalid username').code).toBe('SMARTCALL_AUTH_INVALID_USERNAME');
    expect(authError('x', 401, 'Invalid password').code).toBe('SMARTCALL_AUTH_INVALID_PASSWORD');
    expect(authError('x', 401, 'Source IP is not authorised').code).toBe('SMARTCALL_AUTH_SOURCE_IP');
    expect(authError('x', 401, 'Authorization denied. Token validation failed').code).toBe('SMARTCALL_AUTH_TOKEN_INVALID');
    expect(authError('x', 401, 'Authorization denied. Invalid authorization header').code).toBe('SMARTCALL_AUTH_HEADER_INVALID');
    expect(authError('x', 401, 'Something new').code).toBe('SMARTCALL_AUTH_FAILED');
    expect(authError('x', 429, 'Maximum concurrent session limit reached. Limit is 20').code).toBe('SMARTCALL_SESSION_LIMIT');
  });

  it('APP_ERROR carries the meaning and the server message', () => {
    const e = apiError('recharge', 200, { responseCode: 'APP_ERROR', apiCode: 15, serverMessage: 'Insufficient funds. Balance R10.00' });
    expect(e).toBeInstanceOf(SmartcallError);
    expect(e.code).toBe('SMARTCALL_APP_ERROR_15');
    expect(e.message).toContain('not enough money');
    expect(e.message).toContain('Insufficient funds. Balance R10.00');
    expect(apiError('prevend', 200, { responseCode: 'INV_REQUEST', apiCode: null, serverMessage: 'x' }).code).toBe('SMARTCALL_INV_REQUEST');
    expect(apiError('recharge', 400, { responseCode: null, apiCode: 1001, serverMessage: 'dup' }).code).toBe('SMARTCALL_API_ERROR_1001');
  });

  it('"query to confirm" answers leave a money-moving request unknown, never a read', () => {
    const unknown = (op: string, apiCode: number | null, rc: string | null) => apiError(op, 200, { responseCode: rc, apiCode, serverMessage: null }).outcomeUnknown;
    expect(unknown('recharge', 1003, 'APP_ERROR')).toBe(true);
    expect(unknown('rechargeSync', 1004, 'APP_ERROR')).toBe(true);
    expect(unknown('fundsTransfer', 9999, null)).toBe(true);
    expect(unknown('recharge', null, 'SYS_ERROR')).toBe(true);
    // A definite refusal is known: nothing was charged.
    expect(unknown('recharge', 15, 'APP_ERROR')).toBe(false);
    expect(unknown('recharge', 1001, null)).toBe(false);
    // Reads and checks move no money: their outcome is never in doubt.
    expect(unknown('balance', 1003, 'APP_ERROR')).toBe(false);
    expect(unknown('prevend', null, 'SYS_ERROR')).toBe(false);
    expect(unknown('transaction', 9999, null)).toBe(false);
  });

  it('redacts tokens, Basic credentials, passwords and PINs', () => {
    const text = redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig_-x Basic dGFwOnNlY3JldA== {"password":"hunter2","voucherPin":"1234 5678","filePassword":"abc"}');
    expect(text).not.toMatch(/eyJ|dGFwOnNlY3JldA|hunter2|1234 5678|"abc"/);
  });
});
