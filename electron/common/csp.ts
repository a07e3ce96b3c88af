/**
 * The Content-Security-Policy of the till screen, in one place for both shells: the Electron shell
 * sends it with every `app://till/` response, the browser shell with every loopback response.
 * The screen needs nothing from outside its own origin: every Smartcall call is made by the core,
 * so the page may talk only to itself (the browser shell's HTTP bridge is same-origin).
 */

export type CspOptions = {
  /**
   * True when the screen comes from the vite dev server: its React refresh preamble is an inline
   * script, and its hot-reload websocket is same-origin (CSP 3 lets 'self' match ws: on the same
   * host). Never true for a built till.
   */
  dev: boolean;
};

/** The policy as a header value (`directive value; directive value`). */
export function contentSecurityPolicy(options: CspOptions): string {
  return Object.entries(cspDirectives(options))
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The policy as a directive → sources map (tests and the header builder read it). */
export function cspDirectives(options: CspOptions): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    // No 'unsafe-eval', ever: nothing of ours needs it and it is how injected text becomes code.
    'script-src': options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    // Mantine writes its CSS variables into <style> elements at run time; styles cannot run code.
    'style-src': ["'self'", "'unsafe-inline'"],
    // data: for small inline images (icons) that CSS and Mantine generate; no remote images.
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'media-src': ["'none'"],
    'object-src': ["'none'"],
    'worker-src': ["'self'"],
    'frame-src': ["'none'"],
    'child-src': ["'none'"],
    // The till page is never framed: the browser shell relies on this to treat every caller as the top frame.
    'frame-ancestors': ["'none'"],
    'form-action': ["'none'"],
    'base-uri': ["'none'"],
    'manifest-src': ["'self'"],
  };
}
