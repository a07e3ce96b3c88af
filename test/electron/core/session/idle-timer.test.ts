import { describe, expect, it } from 'vitest';
import { createSessionDomain, type SessionTimers } from '../../../../electron/core/session/session-domain';
import { openCore, testClock } from './helpers';

describe('idle lock driven by the core’s own timer', () => {
  it('locks on the timer tick after the idle minutes, and the timer stops on close', async () => {
    const clock = testClock();
    const c = await openCore({ now: clock.now });
    const ticks: (() => void)[] = [];
    let cleared = 0;
    const timers: SessionTimers = { setInterval: (fn) => ticks.push(fn), clearInterval: () => void cleared++ };
    // A second session over the same real core (same journal), with its timer driven by hand.
    const session = createSessionDomain(c.core.context, { timers, idleLockMinutes: 2, pinHashParams: { N: 1024, r: 8, p: 1 } });
    session.start!();
    expect(ticks).toHaveLength(1);
    await session.handlers['session:setup']({ name: 'Nomsa', pin: '1234' });

    clock.advance(2 * 60_000 - 1);
    ticks[0]!();
    expect(session.port.requireSupervisor()).toMatchObject({ name: 'Nomsa' }); // activity: the idle time restarts
    clock.advance(2 * 60_000);
    ticks[0]!();
    expect(() => session.port.requireSupervisor()).toThrow(expect.objectContaining({ code: 'SESSION_LOCKED' }) as Error);
    expect((await session.handlers['session:unlock']({ pin: '1234' })).locked).toBe(false);

    await session.close!();
    expect(cleared).toBe(1);
  });
});
