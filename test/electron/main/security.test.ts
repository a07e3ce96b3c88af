import { describe, expect, it } from 'vitest';
import { TillFailure } from '../../../shared/contract/envelope';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  isTrustedOrigin,
  isTrustedUrl,
  originOf,
  parseDevUrl,
  secureWebPreferences,
  ShellErrorCode,
} from '../../../electron/main/security';

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/opt/till/dist-electron/preload.cjs');

  it('isolates and sandboxes the page, with no Node anywhere', () => {
    expect(prefs).toMatchObject({
      preload: '/opt/till/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and the risky extras off', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('turns nothing on that is off by default in a way that weakens it', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs).not.toHaveProperty('devTools', true);
  });
});

describe('originOf', () => {
  it('spells the till scheme the way Chromium does', () => {
    expect(originOf('app://till/index.html')).toBe(APP_ORIGIN);
    expect(originOf('app://till/assets/x.js?y=1#z')).toBe(APP_ORIGIN);
    expect(originOf('http://127.0.0.1:5173/src/main.tsx')).toBe('http://127.0.0.1:5173');
  });

  it('has no origin for other hosts of the scheme, credentials, or other schemes', () => {
    for (const url of ['app://till.evil/', 'app://evil/', 'app://till@evil/', 'app://x:y@till/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi', 'about:blank', '', 'till']) {
      expect(originOf(url), url).toBeNull();
    }
  });
});

describe('isTrustedUrl', () => {
  it('trusts the till pages', () => {
    expect(isTrustedUrl(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedUrl('app://till/')).toBe(true);
    expect(isTrustedUrl('app://till/sales?tab=1#top')).toBe(true);
  });

  const refused = [
    'https://www.smartcallesb.co.za:8101/webservice',
    'http://127.0.0.1:5173/',
    'http://localhost:5173/',
    'file:///C:/Windows/system32/calc.exe',
    'file:///etc/passwd',
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'blob:app://till/0b8e',
    'about:blank',
    'app://till.evil.com/',
    'app://tills/',
    'app://evil/till',
    'app://till@evil.com/',
    'app://till:80/',
    'apps://till/',
    'app:till/index.html',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
  ];
  for (const url of refused) {
    it(`refuses ${url} when no dev server is given`, () => {
      expect(isTrustedUrl(url)).toBe(false);
    });
  }

  it('trusts the dev server only when it is given, and only its exact origin', () => {
    const devUrl = 'http://127.0.0.1:5173/';
    expect(isTrustedUrl('http://127.0.0.1:5173/src/main.tsx', { devUrl })).toBe(true);
    expect(isTrustedUrl(APP_ENTRY_URL, { devUrl })).toBe(true);
    for (const url of ['http://127.0.0.1:5174/', 'https://127.0.0.1:5173/', 'http://localhost:5173/', 'http://127.0.0.1.evil.com:5173/', 'http://127.0.0.1@evil.com:5173/']) {
      expect(isTrustedUrl(url, { devUrl }), url).toBe(false);
    }
  });
});

describe('isTrustedUrl (property)', () => {
  it('never trusts a web URL without a dev server, and with one only its exact origin', async () => {
    const fc = await import('fast-check');
    const devUrl = 'http://127.0.0.1:5173/';
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        expect(isTrustedUrl(url)).toBe(false);
        expect(isTrustedUrl(url, { devUrl })).toBe(new URL(url).origin === 'http://127.0.0.1:5173');
      }),
      { numRuns: 500, seed: 20261127 },
    );
  });

  it('trusts any path, query and fragment on app://till, and nothing on another app:// host', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.webPath(), fc.webQueryParameters(), fc.domain(), (path, query, host) => {
        expect(isTrustedUrl(`app://till${path.startsWith('/') ? path : `/${path}`}?${query}`)).toBe(true);
        if (host !== 'till') expect(isTrustedUrl(`app://${host}/index.html`)).toBe(false);
      }),
      { numRuns: 500, seed: 20261127 },
    );
  });
});

describe('isTrustedOrigin', () => {
  it('accepts the till origin and the given dev origin, nothing else', () => {
    expect(isTrustedOrigin(APP_ORIGIN)).toBe(true);
    expect(isTrustedOrigin('http://127.0.0.1:5173')).toBe(false);
    expect(isTrustedOrigin('http://127.0.0.1:5173', { devUrl: 'http://127.0.0.1:5173/' })).toBe(true);
    for (const origin of ['', 'null', 'app://till/', 'APP://TILL', 'file://']) {
      expect(isTrustedOrigin(origin, { devUrl: 'http://127.0.0.1:5173/' }), origin).toBe(false);
    }
  });
});

describe('parseDevUrl', () => {
  it('is undefined when unset or blank', () => {
    expect(parseDevUrl(undefined)).toBeUndefined();
    expect(parseDevUrl('  ')).toBeUndefined();
  });

  it('accepts a dev server on this PC', () => {
    expect(parseDevUrl('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173/');
    expect(parseDevUrl('http://localhost:5173/')).toBe('http://localhost:5173/');
    expect(parseDevUrl('http://[::1]:5173/')).toBe('http://[::1]:5173/');
  });

  for (const value of ['http://192.168.1.10:5173/', 'https://evil.example/', 'file:///tmp/index.html', 'http://user:pw@127.0.0.1:5173/', 'http://127.0.0.1.nip.io:5173/', 'nonsense']) {
    it(`refuses ${value} with ${ShellErrorCode.BadDevUrl}`, () => {
      expect(() => parseDevUrl(value)).toThrow(TillFailure);
      expect(() => parseDevUrl(value)).toThrow(expect.objectContaining({ code: ShellErrorCode.BadDevUrl }));
    });
  }
});
