import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { bridgeWire } from '../../../shared/contract/bridge';
import { GateErrorCode } from '../../../shared/contract/envelope';
import { createTillBridge, type IpcRendererPort } from '../../../electron/preload/bridge';

/** ipcRenderer's edge: records what would be sent, answers with what the test says, emits like Electron. */
class FakeIpcRenderer extends EventEmitter implements IpcRendererPort {
  readonly sent: unknown[][] = [];
  answer: (args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 'pong' });
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.sent.push([channel, ...args]);
    return this.answer(args);
  }
  /** What main's webContents.send does: the listener gets an event object first. */
  push(message: unknown) {
    this.emit(bridgeWire.ipcEvent, { sender: 'the IpcRendererEvent with ports and sender' }, message);
  }
}

describe('tillBridge.invoke', () => {
  it('sends a contract call on the one invoke channel and returns main’s envelope', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createTillBridge(ipc);
    await expect(bridge.invoke('app:info', { a: 1 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(ipc.sent).toEqual([[bridgeWire.ipcInvoke, 'app:info', { a: 1 }]]);
  });

  it('refuses a channel that is not in the contract without sending anything', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createTillBridge(ipc);
    for (const channel of ['sales:drop-table', '', 'constructor', '__proto__', 'toString', 42 as unknown as string]) {
      await expect(bridge.invoke(channel, {})).resolves.toMatchObject({ ok: false, error: { code: GateErrorCode.UnknownChannel } });
    }
    expect(ipc.sent).toEqual([]);
  });

  it('resolves (never throws) with BRIDGE_UNREACHABLE when main does not answer', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = () => Promise.reject(new Error("Error invoking remote method 'till:invoke': No handler registered"));
    await expect(createTillBridge(ipc).invoke('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: GateErrorCode.Unreachable } });
  });

  it('answers BRIDGE_UNREACHABLE when main answers something that is not an envelope', async () => {
    const ipc = new FakeIpcRenderer();
    for (const weird of [undefined, 'ok', { ok: 'yes' }, { ok: false, error: { message: 'no code' } }]) {
      ipc.answer = async () => weird;
      await expect(createTillBridge(ipc).invoke('app:info', {})).resolves.toMatchObject({ ok: false, error: { code: GateErrorCode.Unreachable } });
    }
  });

  it('answers GATE_INVALID_REQUEST when the request cannot cross IPC', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.answer = () => Promise.reject(new Error('An object could not be cloned.'));
    await expect(createTillBridge(ipc).invoke('app:info', { f: () => 1 })).resolves.toMatchObject({ ok: false, error: { code: GateErrorCode.InvalidRequest } });
  });
});

describe('tillBridge.on', () => {
  it('delivers only the payload of the named event, never the IPC event object', () => {
    const ipc = new FakeIpcRenderer();
    const got: unknown[] = [];
    createTillBridge(ipc).on('app:heartbeat', (payload) => got.push(payload));
    ipc.push({ event: 'app:heartbeat', payload: { seq: 1, at: 2 } });
    ipc.push({ event: 'sale:changed', payload: { id: 'x' } });
    ipc.push('garbage');
    ipc.push(null);
    expect(got).toEqual([{ seq: 1, at: 2 }]);
  });

  it('returns an unsubscribe that removes its IPC listener (and is safe to call twice)', () => {
    const ipc = new FakeIpcRenderer();
    const got: unknown[] = [];
    const off = createTillBridge(ipc).on('app:heartbeat', (payload) => got.push(payload));
    expect(ipc.listenerCount(bridgeWire.ipcEvent)).toBe(1);
    off();
    off();
    expect(ipc.listenerCount(bridgeWire.ipcEvent)).toBe(0);
    ipc.push({ event: 'app:heartbeat', payload: { seq: 1, at: 2 } });
    expect(got).toEqual([]);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const ipc = new FakeIpcRenderer();
    const reports: string[] = [];
    const bridge = createTillBridge(ipc, (message) => reports.push(message));
    const got: unknown[] = [];
    bridge.on('app:heartbeat', () => {
      throw new Error('render failed');
    });
    bridge.on('app:heartbeat', (payload) => got.push(payload));
    ipc.push({ event: 'app:heartbeat', payload: { seq: 5, at: 6 } });
    expect(got).toEqual([{ seq: 5, at: 6 }]);
    expect(reports).toHaveLength(1);
  });

  it('refuses an event name that is not in the contract, and a listener that is not a function', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createTillBridge(ipc);
    expect(() => bridge.on('sale:everything', () => {})).toThrow(TypeError);
    expect(() => bridge.on('app:heartbeat', 'alert(1)' as unknown as () => void)).toThrow(TypeError);
    expect(ipc.listenerCount(bridgeWire.ipcEvent)).toBe(0);
  });

  it('exposes only invoke and on', () => {
    expect(Object.keys(createTillBridge(new FakeIpcRenderer())).sort()).toEqual(['invoke', 'on']);
  });
});
