import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspDirectives } from '../../../electron/common/csp';

/** Parse a header value back into directive → sources, the way a browser reads it. */
function parse(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe('contentSecurityPolicy', () => {
  for (const dev of [false, true]) {
    describe(dev ? 'dev server' : 'built till', () => {
      const policy = parse(contentSecurityPolicy({ dev }));

      it("defaults to 'self' and never allows eval", () => {
        expect(policy.get('default-src')).toEqual(["'self'"]);
        const all = [...policy.values()].flat();
        expect(all).not.toContain("'unsafe-eval'");
        expect(all).not.toContain("'wasm-unsafe-eval'");
      });

      it('names no host other than its own origin', () => {
        for (const [name, sources] of policy) {
          for (const source of sources) {
            // Only keywords ('self', 'none', …) and the data: scheme for images.
            const allowed = /^'[a-z-]+'$/.test(source) || (name === 'img-src' && source === 'data:');
            expect(allowed, `${name} ${source}`).toBe(true);
          }
        }
      });

      it('cannot be framed, embeds nothing and posts no forms', () => {
        expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
        expect(policy.get('object-src')).toEqual(["'none'"]);
        expect(policy.get('frame-src')).toEqual(["'none'"]);
        expect(policy.get('base-uri')).toEqual(["'none'"]);
        expect(policy.get('form-action')).toEqual(["'none'"]);
        expect(policy.get('connect-src')).toEqual(["'self'"]);
      });
    });
  }

  it('allows inline scripts only for the dev server', () => {
    expect(cspDirectives({ dev: false })['script-src']).toEqual(["'self'"]);
    expect(cspDirectives({ dev: true })['script-src']).toContain("'unsafe-inline'");
  });

  it('is one header line with every directive once', () => {
    const header = contentSecurityPolicy({ dev: false });
    expect(header).not.toMatch(/[\r\n]/);
    const names = header.split(';').map((part) => part.trim().split(/\s+/)[0]);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(Object.keys(cspDirectives({ dev: false })).length);
  });
});
