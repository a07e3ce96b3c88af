/**
 * A minimal `fetch` over node:https that trusts extra CA certificates besides Node's bundled roots.
 *
 * Why: Smartcall's FAQ mentions an extra CA certificate. Node's global fetch (undici) only takes a
 * custom CA through an undici `Agent` dispatcher, and undici is not a dependency of the till (only
 * Node's bundled copy, which is not importable). `NODE_EXTRA_CA_CERTS` works too but only when set
 * before the process starts. This adapter keeps TLS verification ON (`rejectUnauthorized` is never
 * touched) and only widens the trust store. It implements what the client uses: method, headers,
 * a string body, an AbortSignal, status, headers and body bytes.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';

/** Builds a fetch that trusts Node's roots plus `extraCaPem` (one or more PEM certificates). */
export function createCaFetch(extraCaPem: string | string[]): typeof fetch {
  const extra = Array.isArray(extraCaPem) ? extraCaPem : [extraCaPem];
  if (extra.length === 0 || extra.some((pem) => !pem.includes('-----BEGIN CERTIFICATE-----'))) {
    throw new Error('The extra CA certificate is not a PEM certificate (-----BEGIN CERTIFICATE-----).');
  }
  const ca = [...rootCertificates, ...extra];
  return async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    const headers: Record<string, string> = {};
    req.headers.forEach((value, key) => {
      headers[key] = value;
    });
    let body: Buffer | undefined;
    const given: unknown = init?.body;
    if (typeof given === 'string' || given instanceof Uint8Array) body = Buffer.from(given);
    else if (given !== undefined && given !== null) throw new TypeError('createCaFetch sends string or byte bodies only.');
    else if (req.body) body = Buffer.from(await req.arrayBuffer());
    if (body) headers['content-length'] = String(body.length);
    const signal = init?.signal ?? req.signal;
    return new Promise<Response>((resolve, reject) => {
      const fail = (cause: unknown) => reject(new TypeError('fetch failed', { cause }));
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode ?? 0;
          const noBody = status === 204 || status === 304 || req.method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
        });
      };
      const options = { method: req.method, headers, signal: signal ?? undefined };
      const r = url.protocol === 'https:' ? httpsRequest(url, { ...options, ca }, onResponse) : httpRequest(url, options, onResponse);
      r.on('error', (e) => {
        if (signal?.aborted) reject(signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
        else fail(e);
      });
      r.end(body);
    });
  };
}
