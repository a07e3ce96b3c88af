import type { WebPreferences } from 'electron';
import { TillFailure } from '../../shared/contract/envelope';

/**
 * The Electron shell's security decisions as small pure functions (no `electron` at run time), so
 * each one is unit-tested: what the window may do, which URLs it may show, whom the gate trusts.
 */

/** The till's own scheme: a standard, secure origin that serves only the built renderer. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'till';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens in a built till. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const ShellErrorCode = {
  /** TILL_RENDERER_URL is not a plain http(s) address on this PC. */
  BadDevUrl: 'SHELL_BAD_DEV_URL',
} as const;

/** Where the screen may come from besides app://till: the vite dev server, when one is given. */
export type TrustOptions = {
  /** The dev server URL (TILL_RENDERER_URL), already checked by {@link parseDevUrl}. */
  devUrl?: string | undefined;
};

/**
 * The window's webPreferences: the renderer is a web page with no Node, no Electron, in a sandbox,
 * isolated from the preload; the only thing it gets is `window.tillBridge`.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    experimentalFeatures: false,
  };
}

/**
 * The origin of a URL as the gate compares it (`app://till`, `http://127.0.0.1:5173`), or null when
 * it has none we would ever trust. Node's URL gives custom schemes the origin "null", so the till's
 * own scheme is spelled out here the way Chromium sees a registered standard scheme.
 */
export function originOf(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol === `${APP_SCHEME}:`) {
    return parsed.host === APP_HOST ? APP_ORIGIN : null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  return null;
}

/** True for an origin the gate serves: app://till, or the dev server's origin when one is given. */
export function isTrustedOrigin(origin: string, options: TrustOptions = {}): boolean {
  if (origin === APP_ORIGIN) return true;
  if (options.devUrl === undefined) return false;
  const devOrigin = originOf(options.devUrl);
  return devOrigin !== null && origin === devOrigin;
}

/** True for a URL the window may show (navigate or redirect to): the till's own pages only. */
export function isTrustedUrl(url: string, options: TrustOptions = {}): boolean {
  const origin = originOf(url);
  return origin !== null && isTrustedOrigin(origin, options);
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Check TILL_RENDERER_URL: a plain http(s) address on this PC (the vite dev server). Anything else
 * would hand the till's bridge to a page from the network, so it stops the start with a message.
 */
export function parseDevUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = parse(value.trim());
  if (
    !parsed ||
    (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
    !loopbackHosts.has(parsed.hostname) ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    throw new TillFailure(
      ShellErrorCode.BadDevUrl,
      `TILL_RENDERER_URL must be the dev server on this PC, like http://127.0.0.1:5173/, not "${value}". Unset it to run the built till.`,
    );
  }
  return parsed.href;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
