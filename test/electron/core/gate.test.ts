import { describe, expect, it } from 'vitest';
import { createGate, type Handlers } from '../../../electron/core/gate';
import { GateErrorCode, TillFailure } from '../../../shared/contract/envelope';

const trusted = { origin: 'app://till', isTopFrame: true };

function setup(impl?: Handlers['app:info']) {
  const calls: unknown[] = [];
  // The gate only ever calls the channel it was asked for: one real handler is all this test needs.
  const handlers = {
    'app:info': async (request: unknown) => {
      calls.push(request);
      if (impl) return impl(request as Record<string, never>);
      return { name: 'Smartload Till', version: '1.2.3', mode: 'training', shell: 'browser', dataDir: '/tmp/x', startedAt: 1 };
    },
  } as unknown as Handlers;
  const logged: string[] = [];
  const gate = createGate({
    handlers,
    isTrustedOrigin: (origin) => origin === 'app://till',
    logger: { error: (message) => logged.push(message) },
  });
  return { gate, calls, logged };
}

describe('the gate', () => {
  it('runs the handler for a known channel from a trusted top frame and wraps the answer', async () => {
    const { gate, calls } = setup();
    const answer = await gate.dispatch('app:info', {}, trusted);
    expect(answer).toEqual({ ok: true, value: expect.objectContaining({ version: '1.2.3', mode: 'training' }) });
    expect(calls).toHaveLength(1);
  });

  it.each([['no:such-channel'], [42], [undefined], ['__proto__'], ['toString']])('refuses unknown channel %j and runs nothing', async (channel) => {
    const { gate, calls } = setup();
    const answer = await gate.dispatch(channel, {}, trusted);
    expect(answer).toMatchObject({ ok: false, error: { code: GateErrorCode.UnknownChannel } });
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['a foreign origin', { origin: 'https://evil.example', isTopFrame: true }],
    ['an iframe of the till', { origin: 'app://till', isTopFrame: false }],
    ['an empty origin', { origin: '', isTopFrame: true }],
  ])('refuses %s before looking at the payload', async (_what, sender) => {
    const { gate, calls } = setup();
    const answer = await gate.dispatch('app:info', { junk: true }, sender);
    expect(answer).toMatchObject({ ok: false, error: { code: GateErrorCode.ForbiddenSender } });
    expect(calls).toHaveLength(0);
  });

  it('refuses a payload that does not match the schema, naming the field, and runs nothing', async () => {
    const { gate, calls } = setup();
    const answer = await gate.dispatch('app:info', { unexpected: 1 }, trusted);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe(GateErrorCode.InvalidRequest);
    expect(answer.error.fields).toBeDefined();
    expect(calls).toHaveLength(0);
  });

  it('passes a TillFailure through with its code, message and fields', async () => {
    const { gate } = setup(async () => {
      throw new TillFailure('SALE_AMOUNT_OUT_OF_RANGE', 'The amount must be between R2 and R1000.', { fields: { amount: 'too high' } });
    });
    expect(await gate.dispatch('app:info', {}, trusted)).toEqual({
      ok: false,
      error: { code: 'SALE_AMOUNT_OUT_OF_RANGE', message: 'The amount must be between R2 and R1000.', fields: { amount: 'too high' } },
    });
  });

  it('turns an unexpected exception into GATE_INTERNAL without leaking its text to the screen', async () => {
    const { gate, logged } = setup(async () => {
      throw new Error('token=secret-abc leaked');
    });
    const answer = await gate.dispatch('app:info', {}, trusted);
    expect(answer).toMatchObject({ ok: false, error: { code: GateErrorCode.Internal } });
    expect(JSON.stringify(answer)).not.toContain('secret-abc');
    expect(logged).toHaveLength(1);
  });

  it('refuses to pass on an answer that breaks the contract', async () => {
    const { gate } = setup(async () => ({ nonsense: true }) as never);
    expect(await gate.dispatch('app:info', {}, trusted)).toMatchObject({ ok: false, error: { code: GateErrorCode.Internal } });
  });
});
