import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridgeWire } from '../../../shared/contract/bridge';
import { GateErrorCode, type Envelope } from '../../../shared/contract/envelope';
import { createEventBus } from '../../../electron/core/event-bus';
import { createGate, type Handlers } from '../../../electron/core/gate';
import type { TillCore } from '../../../electron/core/till-core';
import { openTestCore, type TestCore } from '../../support/core';
import { forwardEvents, registerGateIpc, type IpcMainPort } from '../../../electron/main/ipc';
import type { FrameLike, InvokeEventLike } from '../../../electron/main/ipc-sender';
import { isTrustedOrigin } from '../../../electron/main/security';

/** ipcMain's edge: keeps the registered listener so the test can "send" what a renderer would. */
class FakeIpcMain implements IpcMainPort {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<Envelope<unknown>>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<Envelope<unknown>>): void {
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }
  invoke(event: InvokeEventLike, ...args: unknown[]): Promise<Envelope<unknown>> {
    const listener = this.listeners.get(bridgeWire.ipcInvoke);
    if (!listener) throw new Error(`No handler registered for '${bridgeWire.ipcInvoke}'`);
    return listener(event, ...args);
  }
}

const mainFrame: FrameLike = { url: 'app://till/index.html', frameTreeNodeId: 1 };
const fromTill: InvokeEventLike = { senderFrame: mainFrame, sender: { mainFrame } };

describe('registerGateIpc (fake ipcMain → real gate → real core handlers)', () => {
  let core: TillCore;
  let testCore: TestCore;
  let ipcMain: FakeIpcMain;
  let ran: string[];
  let unregister: () => void;

  beforeEach(async () => {
    testCore = await openTestCore({ shell: 'electron', now: () => 1_700_000_000_000 });
    core = testCore.core;
    ran = [];
    // Count every handler run, whatever channels the contract has by now.
    const counted = Object.fromEntries(
      Object.entries(core.handlers).map(([channel, handler]) => [
        channel,
        async (request: unknown) => {
          ran.push(channel);
          return (handler as (request: unknown) => Promise<unknown>)(request);
        },
      ]),
    ) as unknown as Handlers;
    const gate = createGate({ handlers: counted, isTrustedOrigin: (origin) => isTrustedOrigin(origin), logger: { error: () => {} } });
    ipcMain = new FakeIpcMain();
    unregister = registerGateIpc(ipcMain, gate);
  });
  afterEach(async () => {
    await testCore.dispose();
  });

  it('registers exactly the contract IPC channel', () => {
    expect([...ipcMain.listeners.keys()]).toEqual([bridgeWire.ipcInvoke]);
  });

  it('answers a call from the till page with the handler value', async () => {
    const answer = await ipcMain.invoke(fromTill, 'app:info', {});
    expect(answer).toEqual({ ok: true, value: expect.objectContaining({ shell: 'electron', version: '9.9.9', mode: 'training', dataDir: testCore.dataDir }) });
    expect(ran).toEqual(['app:info']);
  });

  it('refuses an unknown channel without running anything', async () => {
    const answer = await ipcMain.invoke(fromTill, 'sales:refund-everything', {});
    expect(answer).toMatchObject({ ok: false, error: { code: GateErrorCode.UnknownChannel } });
    expect(ran).toEqual([]);
  });

  it('refuses a payload that breaks the schema without running anything', async () => {
    const answer = await ipcMain.invoke(fromTill, 'app:info', { surprise: true });
    expect(answer).toMatchObject({ ok: false, error: { code: GateErrorCode.InvalidRequest } });
    expect(ran).toEqual([]);
  });

  it('refuses an iframe, even one on the app origin', async () => {
    const iframe: FrameLike = { url: 'app://till/embedded.html', frameTreeNodeId: 2 };
    const answer = await ipcMain.invoke({ senderFrame: iframe, sender: { mainFrame } }, 'app:info', {});
    expect(answer).toMatchObject({ ok: false, error: { code: GateErrorCode.ForbiddenSender } });
    expect(ran).toEqual([]);
  });

  it('refuses a foreign top-level page, a page with no origin, and a frame that is gone', async () => {
    const events: InvokeEventLike[] = [];
    for (const url of ['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///tmp/x.html', 'about:blank']) {
      const frame: FrameLike = { url, frameTreeNodeId: 1 };
      events.push({ senderFrame: frame, sender: { mainFrame: frame } });
    }
    events.push({ senderFrame: null, sender: { mainFrame } });
    for (const event of events) {
      const answer = await ipcMain.invoke(event, 'app:info', {});
      expect(answer, event.senderFrame?.url ?? 'gone').toMatchObject({ ok: false, error: { code: GateErrorCode.ForbiddenSender } });
    }
    expect(ran).toEqual([]);
  });

  it('takes the sender from the event, never from what the page sends', async () => {
    const foreign: FrameLike = { url: 'https://evil.example/', frameTreeNodeId: 1 };
    const answer = await ipcMain.invoke({ senderFrame: foreign, sender: { mainFrame: foreign } }, 'app:info', {}, { origin: 'app://till', isTopFrame: true });
    expect(answer).toMatchObject({ ok: false, error: { code: GateErrorCode.ForbiddenSender } });
    expect(ran).toEqual([]);
  });

  it('answers with an envelope even if the gate itself throws', async () => {
    const broken = new FakeIpcMain();
    registerGateIpc(broken, {
      dispatch: () => {
        throw new Error('boom');
      },
    });
    expect(await broken.invoke(fromTill, 'app:info', {})).toMatchObject({ ok: false, error: { code: GateErrorCode.Internal } });
  });

  it('unregisters its channel', () => {
    unregister();
    expect(ipcMain.listeners.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends each core event as {event, payload} on the event channel until unsubscribed', () => {
    const bus = createEventBus();
    const sent: Array<[string, unknown]> = [];
    const stop = forwardEvents(bus, { send: (channel, message) => sent.push([channel, message]), isDestroyed: () => false });
    bus.emit('app:heartbeat', { seq: 0, at: 1 });
    stop();
    bus.emit('app:heartbeat', { seq: 1, at: 2 });
    expect(sent).toEqual([[bridgeWire.ipcEvent, { event: 'app:heartbeat', payload: { seq: 0, at: 1 } }]]);
  });

  it('stops by itself once the page is destroyed', () => {
    const bus = createEventBus();
    let destroyed = false;
    let sends = 0;
    forwardEvents(bus, {
      send: () => {
        sends++;
      },
      isDestroyed: () => destroyed,
    });
    bus.emit('app:heartbeat', { seq: 0, at: 1 });
    destroyed = true;
    bus.emit('app:heartbeat', { seq: 1, at: 2 });
    destroyed = false;
    bus.emit('app:heartbeat', { seq: 2, at: 3 });
    expect(sends).toBe(1);
  });
});
