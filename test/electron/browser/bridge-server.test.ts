import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeServer, type RunningBridge } from '../../../electron/browser/bridge-server';
import { assertLoopbackHost, isAllowedOrigin } from '../../../electron/browser/bridge-security';
import { createGate } from '../../../electron/core/gate';
import type { TillCore } from '../../../electron/core/till-core';
import { openTestCore, type TestCore } from '../../support/core';
import { rawRequest } from './http';

let dir: string;
let core: TillCore;
let testCore: TestCore;
let bridge: RunningBridge;
let cookie: string;
let host: string;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-bridge-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>till</title>');
  testCore = await openTestCore();
  core = testCore.core;
  let port = 0;
  const gate = createGate({ handlers: core.handlers, isTrustedOrigin: (o) => isAllowedOrigin(o, port, true) });
  bridge = await startBridgeServer({ gate, events: core.events, rendererDir: dir, launchToken: 'launch-token-for-test' });
  port = bridge.port;
  host = `127.0.0.1:${bridge.port}`;
  origin = `http://${host}`;
  const exchange = await rawRequest(bridge.port, { path: '/?token=launch-token-for-test', headers: { host } });
  const setCookie = exchange.headers['set-cookie']?.[0] ?? '';
  cookie = setCookie.split(';')[0]!;
});

afterAll(async () => {
  await bridge.close();
  await testCore.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const api = (channel: string, body: unknown, headers: Record<string, string>) =>
  rawRequest(bridge.port, { method: 'POST', path: `/api/${channel}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the browser bridge', () => {
  it('prints a launch URL on loopback that carries the token', () => {
    expect(bridge.launchUrl).toBe(`http://127.0.0.1:${bridge.port}/?token=launch-token-for-test`);
  });

  it('swaps the launch token for an HttpOnly SameSite=Strict session cookie and takes it out of the URL', async () => {
    const exchange = await rawRequest(bridge.port, { path: '/?token=launch-token-for-test', headers: { host } });
    expect(exchange.status).toBe(303);
    expect(exchange.headers.location).toBe('/');
    expect(String(exchange.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(exchange.headers['set-cookie'])).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/^till_session=.+/);
    expect(cookie).not.toContain('launch-token-for-test');
  });

  it('refuses the page without a session, and with a wrong token', async () => {
    expect((await rawRequest(bridge.port, { path: '/', headers: { host } })).status).toBe(403);
    expect((await rawRequest(bridge.port, { path: '/?token=guess', headers: { host } })).status).toBe(403);
    expect((await rawRequest(bridge.port, { path: '/', headers: { host, cookie: 'till_session=guess' } })).status).toBe(403);
  });

  it('serves the page with a strict CSP once the session cookie is there', async () => {
    const page = await rawRequest(bridge.port, { path: '/', headers: { host, cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>till</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it.each(['evil.example', `evil.example:${0}`, 'attacker.test:80', '127.0.0.2'])('refuses a foreign Host header (%s) even with the session: DNS rebinding', async (foreign) => {
    const withPort = foreign.includes(':') ? foreign : `${foreign}`;
    expect((await rawRequest(bridge.port, { path: '/', headers: { host: withPort, cookie } })).status).toBe(403);
    const call = await api('app:info', {}, { host: withPort, cookie, origin });
    expect(call.status).toBe(403);
    expect(JSON.parse(call.body)).toMatchObject({ ok: false, error: { code: 'BRIDGE_FORBIDDEN' } });
  });

  it('answers a contract call from the till page with an ok envelope', async () => {
    const call = await api('app:info', {}, { host, cookie, origin });
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toMatchObject({ ok: true, value: { version: '9.9.9', mode: 'training', shell: 'browser' } });
  });

  it('refuses a contract call without the session, without an Origin, or from a foreign Origin', async () => {
    expect((await api('app:info', {}, { host, origin })).status).toBe(403);
    expect((await api('app:info', {}, { host, cookie })).status).toBe(403);
    expect((await api('app:info', {}, { host, cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('app:info', {}, { host, cookie, origin: `http://evil.example:${bridge.port}` })).status).toBe(403);
  });

  it('answers unknown channels and bad payloads with the gate’s typed errors', async () => {
    expect(JSON.parse((await api('no:such', {}, { host, cookie, origin })).body)).toMatchObject({ ok: false, error: { code: 'GATE_UNKNOWN_CHANNEL' } });
    expect(JSON.parse((await api('app:info', { x: 1 }, { host, cookie, origin })).body)).toMatchObject({ ok: false, error: { code: 'GATE_INVALID_REQUEST' } });
  });

  it('streams push events to the page as server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: bridge.port, path: '/events', headers: { host, cookie } }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(': connected')) core.heartbeat();
          const match = /data: (.*)\n\n/.exec(text);
          if (match) {
            req.destroy();
            resolve(match[1]!);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(received)).toMatchObject({ event: 'app:heartbeat', payload: { seq: 0 } });
  });

  it('refuses the event stream without the session', async () => {
    expect((await rawRequest(bridge.port, { path: '/events', headers: { host } })).status).toBe(403);
  });
});

describe('binding', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com'])('refuses to listen on %s', async (h) => {
    expect(() => assertLoopbackHost(h)).toThrow(/only listens on this computer/);
    const gate = createGate({ handlers: core.handlers, isTrustedOrigin: () => false });
    await expect(startBridgeServer({ gate, events: core.events, rendererDir: dir, host: h })).rejects.toMatchObject({ code: 'BRIDGE_NOT_LOOPBACK' });
  });

  it.each(['127.0.0.1', 'localhost'])('accepts %s', (h) => {
    expect(() => assertLoopbackHost(h)).not.toThrow();
  });
});
