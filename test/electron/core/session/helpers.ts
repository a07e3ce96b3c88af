import { afterEach } from 'vitest';
import type { Channel, ChannelRequest, ChannelResponse } from '../../../../shared/contract/channels';
import type { TillError } from '../../../../shared/contract/envelope';
import { createGate } from '../../../../electron/core/gate';
import type { TillCoreOptions } from '../../../../electron/core/till-core';
import { openTestCore, type TestCore } from '../../../support/core';

/** A clock tests move by hand (epoch ms). */
export type TestClock = { now: () => number; advance(ms: number): void };

export function testClock(start = Date.UTC(2026, 10, 27, 8, 0, 0)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const open: TestCore[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.dispose();
});

/** A real core (temp data dir, conf settings, key file, SQLite, embedded simulator) and a gate in front of it. */
export async function openCore(options: Partial<Omit<TillCoreOptions, 'settings' | 'keys' | 'dataDir'>> = {}) {
  const test = await openTestCore(options);
  open.push(test);
  const gate = createGate({ handlers: test.core.handlers, isTrustedOrigin: () => true, logger: { error: () => undefined } });
  const sender = { origin: 'app://till', isTopFrame: true };
  /** Call a channel through the gate; resolves to the value or rejects with the TillError. */
  const call = async <C extends Channel>(channel: C, payload: ChannelRequest<C>): Promise<ChannelResponse<C>> => {
    const envelope = await gate.dispatch(channel, payload, sender);
    if (envelope.ok) return envelope.value as ChannelResponse<C>;
    throw Object.assign(new Error(envelope.error.message), { tillError: envelope.error });
  };
  /** The TillError a call fails with (fails the test if it succeeds). */
  const refusal = async <C extends Channel>(channel: C, payload: ChannelRequest<C>): Promise<TillError> => {
    const envelope = await gate.dispatch(channel, payload, sender);
    if (envelope.ok) throw new Error(`${channel} was expected to be refused but answered ${JSON.stringify(envelope.value)}`);
    return envelope.error;
  };
  return { ...test, call, refusal };
}

/** A core with a supervisor (PIN 1234) signed in. */
export async function openCoreWithSupervisor(options: Parameters<typeof openCore>[0] = {}) {
  const c = await openCore(options);
  const state = await c.call('session:setup', { name: 'Nomsa', pin: '1234' });
  return { ...c, supervisorId: state.cashier!.id };
}
