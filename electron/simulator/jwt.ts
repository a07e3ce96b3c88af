// HS256 JWTs shaped like Smartcall's (same claims). The simulator never trusts a token because it
// verifies: it looks the token up in its own table of live tokens; the signature only keeps the
// tokens opaque and realistic for clients that decode them.
import { createHmac } from 'node:crypto';

const b64url = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

/** Claims Smartcall puts in its tokens (seconds since epoch), plus a jti so two logins in one second differ. */
export type TokenClaims = {
  sub: string;
  nbf: number;
  clientUsername: string;
  clientIP: string;
  iss: string;
  exp: number;
  iat: number;
  jti: string;
};

/** Signs claims with HS256. */
export function signJwt(claims: TokenClaims, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}
