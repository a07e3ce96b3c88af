import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenSession, hardenWebContents } from '../../../electron/main/harden';
import { isTrustedUrl } from '../../../electron/main/security';

/** A WebContents' edge: an emitter plus the window-open hook, so the test fires what Chromium would. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

function fire(contents: FakeContents, name: string, url?: string): boolean {
  let prevented = false;
  contents.emit(name, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

function hardened(devUrl?: string) {
  const contents = new FakeContents();
  const logged: string[] = [];
  hardenWebContents(contents as unknown as WebContents, (url) => isTrustedUrl(url, { devUrl }), (message) => logged.push(message));
  return { contents, logged };
}

describe('hardenWebContents', () => {
  it('lets the till navigate within app://till', () => {
    const { contents } = hardened();
    expect(fire(contents, 'will-navigate', 'app://till/index.html')).toBe(false);
    expect(fire(contents, 'will-redirect', 'app://till/other')).toBe(false);
  });

  it('stops navigation and redirects anywhere else, logging only scheme and host', () => {
    const { contents, logged } = hardened();
    for (const url of ['https://evil.example/steal?token=secret', 'file:///etc/passwd', 'http://127.0.0.1:5173/', 'javascript:alert(1)']) {
      expect(fire(contents, 'will-navigate', url), url).toBe(true);
      expect(fire(contents, 'will-redirect', url), url).toBe(true);
    }
    expect(logged.join('\n')).not.toContain('secret');
    expect(logged.some((line) => line.includes('https://evil.example'))).toBe(true);
  });

  it('allows the dev server only when it was given', () => {
    expect(fire(hardened('http://127.0.0.1:5173/').contents, 'will-navigate', 'http://127.0.0.1:5173/x')).toBe(false);
    expect(fire(hardened().contents, 'will-navigate', 'http://127.0.0.1:5173/x')).toBe(true);
  });

  it('refuses every new window and every webview', () => {
    const { contents } = hardened();
    expect(contents.openHandler?.({ url: 'https://www.smartcall.co.za/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://till/index.html' })).toEqual({ action: 'deny' });
    expect(fire(contents, 'will-attach-webview')).toBe(true);
  });
});

describe('hardenSession', () => {
  it('denies permission requests and checks, and device access', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
      setDevicePermissionHandler: (handler: typeof device) => (device = handler),
    };
    hardenSession(session as unknown as Session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) request?.({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false, false]);
    expect(check?.()).toBe(false);
    expect(device?.()).toBe(false);
  });
});
