// The HTTP face of the simulator: fastify routes at Smartcall's paths, each a thin call into
// SimState, plus the JBoss-isms of the real server (headers, HTML error pages, empty 404) and the
// fault injection. /__sim/* test controls are mounted only when asked for.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { faultSpec, type FaultBook } from './faults';
import { exceptionReport, HTML_415 } from './html';
import { batchBody, cashupBody, firstIssue, orderBody, rechargeBody, ricaBody, transferBody } from './schemas';
import { authEnvelope, codeMessage, HEALTH_KEYS, MSG, type HealthKey, type Reply, type SimState } from './state';
import { toWireJson } from './wire-format';
import { orderFileName, orderZip } from './zip';

/** Where the PROPOSED operations live (relative to /webservice); configurable until the swagger is seen. */
export type SimulatorPaths = {
  /** 8g synchronous recharge (POST). */
  syncRecharge: string;
  /** 8h batch recharge (POST). */
  batchRecharge: string;
  /** 8k order (POST), 8l file (GET …/{smartloadId}/{clientReference}/{orderReferenceId}), 8m recreate (PUT …/{smartloadId}/{clientReference}). */
  orders: string;
  /** 9c RICA status (GET …/{ricaReference}). */
  ricaStatus: string;
};

export const DEFAULT_PATHS: SimulatorPaths = {
  syncRecharge: '/smartload/recharges/sync',
  batchRecharge: '/smartload/recharges/batch',
  orders: '/smartload/orders',
  ricaStatus: '/smartrica/registrations',
};

/** What the routes need: the current state (replaced on reset), the faults and the control hooks. */
export type ServerContext = {
  state: () => SimState;
  faults: FaultBook;
  paths: SimulatorPaths;
  testControls: boolean;
  /** In-process controls the /__sim routes call (same object the programmatic API exposes). */
  controls: SimControlsForHttp;
};

/** The subset of controls the /__sim routes use. */
export type SimControlsForHttp = {
  /** Runs deferred ('late-commit') operations whose simulated time has come. */
  runDue(): void;
  /** Queues an operation to run once simulated time reaches `dueAt`. */
  defer(dueAt: number, run: () => void): void;
  reset(): void;
  advanceClock(ms: number): void;
  now(): number;
};

const BASE = '/webservice';

const COMMON_HEADERS: Record<string, string> = {
  Server: 'Apache-Coyote/1.1',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, PUT',
  'Access-Control-Allow-Headers': 'Content-Type',
};

// OBSERVED: GET and DELETE answers carry these; POST answers do not.
const NO_CACHE_HEADERS: Record<string, string> = {
  Pragma: 'No-cache',
  'Cache-Control': 'no-cache',
  Expires: 'Thu, 01 Jan 1970 02:00:00 SAST',
};

type Req = FastifyRequest;
type Handler = (req: Req) => Reply | Promise<Reply>;

function send(req: Req, reply: FastifyReply, r: Reply): FastifyReply {
  reply.code(r.status);
  reply.headers(COMMON_HEADERS);
  if (req.method === 'GET' || req.method === 'DELETE') reply.headers(NO_CACHE_HEADERS);
  if (r.headers) reply.headers(r.headers);
  // Buffers, so fastify leaves the recorded Content-Type alone (it appends a charset to strings).
  if (r.html !== undefined) return reply.type('text/html;charset=utf-8').send(Buffer.from(r.html));
  if (r.raw !== undefined) return reply.type('application/json').send(Buffer.from(r.raw));
  if (r.body === undefined) return reply.send();
  return reply.type('application/json').send(Buffer.from(toWireJson(r.body)));
}

const badRequest = (message: string): Reply => codeMessage(400, 9999, `Invalid request: ${message}`);

/** Builds the fastify app (not yet listening). */
export function buildServer(ctx: ServerContext): { app: FastifyInstance; sockets: Set<Socket> } {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const sockets = new Set<Socket>();
  const st = (): SimState => ctx.state();

  // An empty body with a JSON content type (a bodiless POST /auth or DELETE from some clients) is
  // "no body", as JAX-RS treats it, not a parse error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const raw = typeof text === 'string' ? text : text.toString('utf8');
    if (raw.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
  });

  app.setNotFoundHandler((_req, reply) => {
    // OBSERVED: unknown paths get an empty 404 with only Server/Content-Length/Date.
    void reply.code(404).header('Server', 'Apache-Coyote/1.1').send();
  });

  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    if (err.statusCode === 415) return send(req, reply, { status: 415, html: HTML_415 });
    if (err.statusCode === 400) return send(req, reply, badRequest(err.message));
    if (err.statusCode === 413) return send(req, reply, { status: 413, html: exceptionReport(413, 'Request entity too large') });
    return send(req, reply, { status: 500, html: exceptionReport(500, err.message) });
  });

  /** One Smartcall route: fault injection around the operation, and the JSON content-type rule. */
  const route = (method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, handler: Handler, opts: { json?: boolean } = {}): void => {
    app.route({
      method,
      url: `${BASE}${path}`,
      handler: async (req, reply) => {
        ctx.controls.runDue();
        const fault = ctx.faults.take(req.method, req.url.split('?')[0] ?? req.url);
        if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms ?? 1000));
        if (fault?.kind === 'drop-before') {
          reply.hijack();
          req.raw.socket.destroy();
          return reply;
        }
        if (fault?.kind === 'hang') {
          reply.hijack();
          sockets.add(req.raw.socket);
          req.raw.socket.once('close', () => sockets.delete(req.raw.socket));
          return reply;
        }
        if (fault?.kind === 'error-500' || fault?.kind === 'error-503') {
          const status = fault.kind === 'error-500' ? 500 : 503;
          return send(req, reply, {
            status,
            html: exceptionReport(status, status === 500 ? 'java.lang.NullPointerException' : 'Service Unavailable'),
          });
        }
        if (fault?.kind === 'status-429') return send(req, reply, authEnvelope(429, MSG.sessionLimit));
        // OBSERVED: a POST without a JSON content type is refused by the container before auth.
        if (opts.json && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
          return send(req, reply, { status: 415, html: HTML_415 });
        }
        if (fault?.kind === 'late-commit') {
          ctx.controls.defer(st().clock.now() + (fault.commitAfterMs ?? 30_000), () => void handler(req));
          reply.hijack();
          req.raw.socket.destroy();
          return reply;
        }
        const r = await handler(req);
        if (fault?.kind === 'error-1003') {
          return send(req, reply, codeMessage(400, 1003, 'Internal timeout. Please query the transaction to confirm its status.'));
        }
        if (fault?.kind === 'drop-after') {
          reply.hijack();
          req.raw.socket.destroy();
          return reply;
        }
        return send(req, reply, r);
      },
    });
  };

  const auth = (req: Req): string | undefined => req.headers.authorization;
  const params = (req: Req): Record<string, string> => req.params as Record<string, string>;
  const p = (req: Req, name: string): string => params(req)[name] ?? '';

  /** Runs `fn` for a valid Bearer token, else the E1 reply. */
  const bearer =
    (fn: (req: Req, user: Parameters<SimState['balance']>[0], token: string) => Reply | Promise<Reply>): Handler =>
    (req) => {
      const b = st().bearer(auth(req));
      if ('status' in b) return b;
      return fn(req, b.user, b.token);
    };

  /** Parses a JSON body with a schema, or answers 400. */
  const body = <T>(schema: z.ZodType<T>, req: Req): T | Reply => {
    const parsed = schema.safeParse(req.body);
    return parsed.success ? parsed.data : badRequest(firstIssue(parsed.error));
  };
  // Parsed bodies never have a `status` key (zod strips unknown keys), so this tells them apart.
  const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && 'status' in x;

  /** Catalogue answers: Etag on every 200, 304 when If-None-Match matches. */
  const cachedReply = (req: Req, cached: { json: string; etag: string } | undefined, what: string): Reply => {
    if (!cached) return { status: 500, html: exceptionReport(500, `Unknown ${what} passed`) };
    if (req.headers['if-none-match'] === cached.etag) return { status: 304, headers: { Etag: cached.etag } };
    return { status: 200, raw: cached.json, headers: { Etag: cached.etag } };
  };

  // ---- authentication
  route('GET', '/test/ping', () => ({ status: 200, body: { response: 'Pong' } }));
  route('POST', '/auth', (req) => {
    const u = st().basic(auth(req), req.ip);
    return 'status' in u ? u : st().login(u, req.ip);
  });
  route(
    'DELETE',
    '/auth',
    bearer((_req, _u, token) => st().invalidate(token)),
  );
  route('DELETE', '/auth/token', (req) => {
    const u = st().basicOrBearer(auth(req), req.ip);
    return 'status' in u ? u : st().flush(u);
  });
  route('GET', '/auth/token', (req) => {
    const u = st().basicOrBearer(auth(req), req.ip);
    return 'status' in u ? u : st().tokenQuery(u);
  });

  // ---- smartload
  route(
    'GET',
    '/smartload/balance/:smartloadId',
    bearer((req, u) => st().balance(u, p(req, 'smartloadId'))),
  );
  route(
    'GET',
    '/smartload/networks',
    bearer((req) => cachedReply(req, st().catalogue.all, 'networks')),
  );
  route(
    'GET',
    '/smartload/networks/:id',
    bearer((req) => cachedReply(req, /^\d+$/.test(p(req, 'id')) ? st().catalogue.network(Number(p(req, 'id'))) : undefined, 'networkId')),
  );
  route(
    'GET',
    '/smartload/products/:id',
    bearer((req) => cachedReply(req, /^\d+$/.test(p(req, 'id')) ? st().catalogue.product(Number(p(req, 'id'))) : undefined, 'productId')),
  );
  route(
    'GET',
    '/smartload/registered/:msisdn',
    bearer((req) => st().registered(p(req, 'msisdn'))),
  );
  route(
    'POST',
    '/smartload/recharges',
    bearer((req, u) => {
      const b = body(rechargeBody, req);
      return isReply(b) ? b : st().recharge(u, b);
    }),
    { json: true },
  );
  route(
    'POST',
    ctx.paths.syncRecharge,
    bearer((req, u) => {
      const b = body(rechargeBody, req);
      return isReply(b) ? b : st().recharge(u, b, true);
    }),
    { json: true },
  );
  route(
    'POST',
    ctx.paths.batchRecharge,
    bearer((req, u) => {
      const b = body(batchBody, req);
      if (isReply(b)) return b;
      return st().batch(u, b.smartloadId, b.recharges, (item) => {
        const r = rechargeBody.safeParse(item);
        return r.success ? r.data : firstIssue(r.error);
      });
    }),
    { json: true },
  );
  route(
    'POST',
    '/smartload/prevend',
    bearer((req, u) => {
      const b = body(rechargeBody, req);
      return isReply(b) ? b : st().prevend(u, b);
    }),
    { json: true },
  );
  route(
    'POST',
    '/smartload/fundstransfer',
    bearer((req, u) => {
      const b = body(transferBody, req);
      return isReply(b) ? b : st().fundsTransfer(u, b);
    }),
    { json: true },
  );
  route(
    'GET',
    '/smartload/recharges/:smartloadId/:clientReference',
    bearer((req, u) => st().enquiry(u, p(req, 'smartloadId'), p(req, 'clientReference'))),
  );
  route(
    'DELETE',
    '/smartload/recharges/:smartloadId/:clientReference',
    bearer((req, u) => st().cancel(u, p(req, 'smartloadId'), p(req, 'clientReference'))),
  );
  route(
    'GET',
    '/smartload/cashup/:smartloadId',
    bearer((req, u) => st().cashupToday(u, p(req, 'smartloadId'))),
  );
  route(
    'POST',
    '/smartload/cashup',
    bearer((req, u) => {
      const b = body(cashupBody, req);
      return isReply(b) ? b : st().cashup(u, b.smartloadId, b.startDate, b.endDate);
    }),
    { json: true },
  );
  route(
    'POST',
    ctx.paths.orders,
    bearer((req, u) => {
      const b = body(orderBody, req);
      return isReply(b) ? b : st().order(u, b);
    }),
    { json: true },
  );
  route(
    'GET',
    `${ctx.paths.orders}/:smartloadId/:clientReference/:orderReferenceId`,
    bearer(async (req, u) => {
      const o = st().orderFile(u, p(req, 'smartloadId'), p(req, 'clientReference'), p(req, 'orderReferenceId'));
      if ('status' in o) return o;
      const zip = await orderZip(o);
      return {
        status: 200,
        body: {
          error: null,
          responseCode: 'SUCCESS',
          orderReferenceId: o.orderReferenceId,
          fileName: orderFileName(o),
          file: Buffer.from(zip).toString('base64'),
        },
      };
    }),
  );
  route(
    'PUT',
    `${ctx.paths.orders}/:smartloadId/:clientReference`,
    bearer((req, u) => st().recreateOrder(u, p(req, 'smartloadId'), p(req, 'clientReference'))),
  );

  // ---- smartrica
  route(
    'POST',
    '/smartrica/registrations',
    bearer((req) => {
      const b = body(ricaBody, req);
      return isReply(b) ? b : st().ricaSubmit(b, false);
    }),
    { json: true },
  );
  route(
    'POST',
    '/smartrica/changeownership',
    bearer((req) => {
      const b = body(ricaBody, req);
      return isReply(b) ? b : st().ricaSubmit(b, true);
    }),
    { json: true },
  );
  route(
    'GET',
    `${ctx.paths.ricaStatus}/:ricaReference`,
    bearer((req) => st().ricaStatus(p(req, 'ricaReference'))),
  );

  // ---- utilities
  route(
    'GET',
    '/utilities/simnetwork/:msisdn',
    bearer((req) => st().simNetwork(p(req, 'msisdn'))),
  );
  route(
    'GET',
    '/utilities/health',
    bearer(() => st().health()),
  );

  if (ctx.testControls) mountControls(app, ctx);
  return { app, sockets };
}

const networkBody = z.object({ state: z.enum(['UP', 'DOWN', 'AUTO']) });
const clockBody = z.object({ advanceMs: z.number().int().min(0) });
const expireBody = z.object({ username: z.string().optional() }).optional();
const outcomesBody = z.object({ outcomes: z.array(z.enum(['success', 'failure', 'pending'])) });
const userBody = z.object({
  username: z.string().min(1),
  password: z.string(),
  smartloadIds: z.array(z.string()),
  allowedIps: z.array(z.string()).nullable().optional(),
});
const accountBody = z.object({ smartloadId: z.string().regex(/^27\d{9}$/), balanceCents: z.number().int().min(0).optional() });
const depositBody = z.object({ smartloadId: z.string(), cents: z.number().int() });
const stockBody = z.object({ productId: z.number().int(), quantity: z.number().int().min(0) });
const rotationBody = z.object({ enabled: z.boolean() });

/** /__sim/*: the test and training controls (never part of Smartcall's API). */
function mountControls(app: FastifyInstance, ctx: ServerContext): void {
  const st = (): SimState => ctx.state();
  const json = (reply: FastifyReply, status: number, value: unknown): FastifyReply =>
    reply.code(status).type('application/json').send(JSON.stringify(value));
  const parse = <T>(schema: z.ZodType<T>, req: FastifyRequest, reply: FastifyReply): T | undefined => {
    const r = schema.safeParse(req.body);
    if (!r.success) {
      void json(reply, 400, { code: 'SIM_BAD_REQUEST', message: firstIssue(r.error) });
      return undefined;
    }
    return r.data;
  };

  app.get('/__sim/ledger', (_req, reply) => {
    ctx.controls.runDue();
    return json(reply, 200, { entries: st().ledger() });
  });
  app.get('/__sim/faults', (_req, reply) => json(reply, 200, { faults: ctx.faults.list() }));
  app.post('/__sim/faults', (req, reply) => {
    const f = parse(faultSpec, req, reply);
    return f ? json(reply, 200, { id: ctx.faults.add(f) }) : reply;
  });
  app.delete('/__sim/faults', (_req, reply) => {
    ctx.faults.clear();
    return json(reply, 200, { cleared: true });
  });
  app.post('/__sim/tokens/expire', (req, reply) => {
    const b = parse(expireBody, req, reply);
    return reply.sent ? reply : json(reply, 200, { expired: st().expireTokens(b?.username) });
  });
  app.post('/__sim/networks/:key', (req, reply) => {
    const key = (req.params as { key: string }).key as HealthKey;
    if (!HEALTH_KEYS.includes(key))
      return json(reply, 404, { code: 'SIM_UNKNOWN_NETWORK', message: `Networks are ${HEALTH_KEYS.join(', ')}.` });
    const b = parse(networkBody, req, reply);
    if (!b) return reply;
    st().networkOverrides.set(key, b.state);
    return json(reply, 200, { [key]: st().networkState(key) });
  });
  app.post('/__sim/rotation', (req, reply) => {
    const b = parse(rotationBody, req, reply);
    if (!b) return reply;
    st().rotation = b.enabled;
    return json(reply, 200, b);
  });
  app.get('/__sim/clock', (_req, reply) => json(reply, 200, { now: ctx.controls.now() }));
  app.post('/__sim/clock', (req, reply) => {
    const b = parse(clockBody, req, reply);
    if (!b) return reply;
    ctx.controls.advanceClock(b.advanceMs);
    return json(reply, 200, { now: ctx.controls.now() });
  });
  app.post('/__sim/reset', (_req, reply) => {
    ctx.controls.reset();
    return json(reply, 200, { reset: true });
  });
  app.post('/__sim/outcomes', (req, reply) => {
    const b = parse(outcomesBody, req, reply);
    if (!b) return reply;
    st().outcomeQueue.push(...b.outcomes);
    return json(reply, 200, { queued: st().outcomeQueue.length });
  });
  app.post('/__sim/users', (req, reply) => {
    const b = parse(userBody, req, reply);
    if (!b) return reply;
    st().addUser(b.username, b.password, b.smartloadIds, b.allowedIps ?? null);
    return json(reply, 200, { username: b.username });
  });
  app.post('/__sim/accounts', (req, reply) => {
    const b = parse(accountBody, req, reply);
    if (!b) return reply;
    st().addAccount(b.smartloadId, b.balanceCents ?? 0);
    return json(reply, 200, { smartloadId: b.smartloadId });
  });
  app.post('/__sim/deposits', (req, reply) => {
    const b = parse(depositBody, req, reply);
    if (!b) return reply;
    if (!st().accounts.has(b.smartloadId))
      return json(reply, 404, { code: 'SIM_UNKNOWN_ACCOUNT', message: `No Smartload account ${b.smartloadId}.` });
    return json(reply, 200, st().deposit(b.smartloadId, b.cents));
  });
  app.post('/__sim/stock', (req, reply) => {
    const b = parse(stockBody, req, reply);
    if (!b) return reply;
    st().stock.set(b.productId, b.quantity);
    return json(reply, 200, b);
  });
}
