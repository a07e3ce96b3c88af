import { describe, expect, it } from 'vitest';
import { createQuitGuard } from '../../../electron/main/lifecycle';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createQuitGuard', () => {
  it('holds the quit until the core has closed, then quits once', async () => {
    const steps: string[] = [];
    const closing = deferred();
    const onWillQuit = createQuitGuard({
      close: () => {
        steps.push('close');
        return closing.promise;
      },
      quit: () => steps.push('quit'),
    });
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    onWillQuit(event);
    onWillQuit(event); // a second quit request while closing
    await flush();
    expect(steps).toEqual(['close']);
    expect(prevented).toBe(2);
    closing.resolve();
    await flush();
    expect(steps).toEqual(['close', 'quit']);
    onWillQuit(event); // the real quit that follows passes through
    expect(prevented).toBe(2);
    expect(steps).toEqual(['close', 'quit']);
  });

  it('still quits when closing fails, and says so', async () => {
    const seen: unknown[] = [];
    let quits = 0;
    const onWillQuit = createQuitGuard({
      close: () => Promise.reject(new Error('journal busy')),
      quit: () => quits++,
      onCloseError: (error) => seen.push(error),
    });
    onWillQuit({ preventDefault: () => {} });
    await flush();
    expect(quits).toBe(1);
    expect(seen).toEqual([new Error('journal busy')]);
  });
});
