import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bridgeWire } from '../../shared/contract/bridge';
import { fail } from '../../shared/contract/envelope';
import { contentSecurityPolicy } from '../common/csp';
import type { EventBus } from '../core/event-bus';
import type { Gate } from '../core/gate';
import { assertLoopbackHost, isAllowedHost, isAllowedOrigin, newSecret, secretsEqual } from './bridge-security';

export const BridgeErrorCode = {
  /** Wrong Host or Origin header, or no session: the request did not come from the till page. */
  Forbidden: 'BRIDGE_FORBIDDEN',
} as const;

export type BridgeServerOptions = {
  gate: Gate;
  events: EventBus;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  /** Loopback only; anything else is refused before binding. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The per-launch secret; a fresh one is made when not given. */
  launchToken?: string;
  /** Seconds between SSE keep-alive comments. */
  keepAliveSeconds?: number;
};

export type RunningBridge = {
  /** The URL to open once: it carries the launch token, which is swapped for a session cookie. */
  launchUrl: string;
  origin: string;
  port: number;
  close(): Promise<void>;
};

/**
 * The browser shell's HTTP bridge: serves the built renderer and the contract (`POST /api/<channel>`,
 * push events as server-sent events at `/events`) to the one browser that presented the launch token.
 * It runs the same gate as the Electron shell; the till page cannot be framed (CSP frame-ancestors
 * 'none'), so every call that passes the session and Origin checks comes from the till's top frame.
 */
export async function startBridgeServer(options: BridgeServerOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  const launchToken = options.launchToken ?? newSecret();
  const sessionSecret = newSecret();
  const streams = new Set<ServerResponse>();
  let port = 0;

  const app = Fastify({ logger: false, bodyLimit: 256 * 1024, forceCloseConnections: true });
  await app.register(fastifyCookie);

  const forbidden = (request: FastifyRequest, reply: FastifyReply, why: string) => {
    const wantsJson = request.url.startsWith(bridgeWire.httpApiPrefix) || request.url.startsWith(bridgeWire.httpEvents);
    reply.code(403).header('cache-control', 'no-store');
    if (wantsJson) return reply.send(fail(BridgeErrorCode.Forbidden, why));
    return reply.type('text/plain; charset=utf-8').send(`${why}\n`);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, port)) {
      return forbidden(request, reply, 'This till only answers at the address it printed when it started.');
    }
    const changesState = request.method !== 'GET' && request.method !== 'HEAD';
    if (!isAllowedOrigin(request.headers.origin, port, changesState)) {
      return forbidden(request, reply, 'Requests from other web pages are refused.');
    }
    const query = request.query as Record<string, string | undefined>;
    const presented = query[bridgeWire.tokenParam];
    if (request.method === 'GET' && presented !== undefined) {
      if (!secretsEqual(presented, launchToken)) return forbidden(request, reply, 'That till link is not valid (the till was restarted?). Use the link it printed last.');
      // Swap the launch token for a session cookie and take the token out of the address bar and history.
      reply.setCookie(bridgeWire.sessionCookie, sessionSecret, { path: '/', httpOnly: true, sameSite: 'strict', secure: false });
      const clean = new URL(request.url, 'http://till.invalid');
      clean.searchParams.delete(bridgeWire.tokenParam);
      return reply.code(303).header('cache-control', 'no-store').redirect(clean.pathname + clean.search);
    }
    if (!secretsEqual(request.cookies[bridgeWire.sessionCookie], sessionSecret)) {
      return forbidden(request, reply, 'Open the till with the link it printed when it started.');
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', contentSecurityPolicy({ dev: false }));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    return payload;
  });

  app.post<{ Params: { channel: string } }>(`${bridgeWire.httpApiPrefix}:channel`, async (request, reply) => {
    const origin = request.headers.origin ?? '';
    const envelope = await options.gate.dispatch(request.params.channel, request.body, { origin, isTopFrame: true });
    return reply.header('cache-control', 'no-store').send(envelope);
  });

  app.get(bridgeWire.httpEvents, (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.events.subscribe((event, payload) => {
      res.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), (options.keepAliveSeconds ?? 15) * 1000);
    keepAlive.unref();
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(res);
    });
  });

  await app.register(fastifyStatic, { root: options.rendererDir, index: ['index.html'], cacheControl: false, etag: true });

  await app.listen({ host, port: options.port ?? 0 });
  port = (app.server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    launchUrl: `${origin}/?${bridgeWire.tokenParam}=${launchToken}`,
    origin,
    port,
    async close() {
      for (const res of streams) res.end();
      await app.close();
    },
  };
}
