import type { Session, WebContents } from 'electron';

/**
 * What every page of the till may not do, attached to each WebContents and to the session. Types
 * only from `electron`, so tests attach these to stand-ins and fire the events themselves.
 */

/** Refuse navigation and redirects away from the till, new windows and <webview>s. */
export function hardenWebContents(contents: WebContents, isTrustedUrl: (url: string) => boolean, log: (message: string) => void = () => {}): void {
  contents.on('will-navigate', (event, url) => {
    if (isTrustedUrl(url)) return;
    event.preventDefault();
    log(`refused navigation to ${describeUrl(url)}`);
  });
  contents.on('will-redirect', (event, url) => {
    if (isTrustedUrl(url)) return;
    event.preventDefault();
    log(`refused redirect to ${describeUrl(url)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('refused a <webview>');
  });
  // No pop-ups of any kind. Should the till ever link to a help page, open https links with
  // shell.openExternal here, after checking the URL; not needed now.
  contents.setWindowOpenHandler(({ url }) => {
    log(`refused a new window for ${describeUrl(url)}`);
    return { action: 'deny' };
  });
}

/** Deny every permission (camera, notifications, USB, …): a till screen needs none of them. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

// Only scheme and host reach the log: a URL's path or query could carry something private.
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(not a URL)';
  }
}
