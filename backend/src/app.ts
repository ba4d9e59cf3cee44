import type { IncomingMessage, Server } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerCors } from './shared/http/cors.js';
import { applyBaseHeaders } from './shared/http/base-headers.js';
import { createErrorHandler, notFoundHandler, sendProblem } from './shared/http/error-handler.js';
import { clientErrorHandler, frameworkErrors } from './shared/http/framework-errors.js';
import { registerJsonBodies } from './shared/http/request-body.js';
import { clientRequestId, requestIdGenerator, trustedPeer } from './shared/http/request-id.js';
import { validatorCompiler } from './shared/http/validation.js';
import { decorateActor, registerDevTokenRoute, type DevKeyPair } from './auth/index.js';
import { describeApi, type ApiModule } from './shared/http/module.js';
import { registerConsole, type ConsoleBuild } from './shared/http/console.js';
import { registerOpenApi } from './shared/http/openapi.js';

/**
 * A named dependency check for /readyz: resolves when the dependency answers. A dependency the
 * service can do without (Redis when rate limits fail open) is `degradable`: while it is down,
 * readiness reports it as "degraded" and stays 200, so a load balancer keeps the instance.
 */
export type ReadinessCheck = (() => Promise<void>) | { readonly check: () => Promise<void>; readonly degradable: true };

type CheckState = 'ok' | 'degraded' | 'unavailable';

export interface AppDependencies {
  readonly logger: FastifyBaseLogger | false;
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
  /** The API's modules, each one plugin; a module switched off by its feature flag is simply absent. */
  readonly modules: readonly ApiModule[];
  readonly corsOrigins?: readonly string[];
  readonly trustProxy?: false | number | readonly string[];
  /** The dev issuer's keys, in dev issuer mode only: enables `POST /dev/token` for the web console. */
  readonly devIssuer?: DevKeyPair | undefined;
  readonly httpTimeouts?: HttpTimeouts;
  /** The built web console (frontend/dist) and its pages, served at `/` when present. */
  readonly console?: ConsoleBuild | undefined;
}

const BODY_LIMIT = 64 * 1024;
const API_INFO = { title: 'Workflow Service API', description: 'Create and manage automation workflows of your account. Errors are RFC 9457 problem documents.' };
const API_PREFIX = '/api/v1';
const READINESS_TIMEOUT_MS = 2_000;

/** Slow clients cannot hold a connection: headers within 10 s, the whole request within 30 s. */
export interface HttpTimeouts {
  readonly headersMs: number;
  readonly requestMs: number;
  readonly keepAliveMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };
// Node enforces the header and request timeouts only when it sweeps its connections; its default
// sweep every 30 s let a slow client hold on for up to a minute past the limit.
const CONNECTIONS_CHECKING_INTERVAL_MS = 500;

function withTimeout(check: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([check, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

async function runCheck(readiness: ReadinessCheck): Promise<CheckState> {
  const [check, whenDown] = typeof readiness === 'function' ? [readiness, 'unavailable' as const] : [readiness.check, 'degraded' as const];
  return withTimeout(check(), READINESS_TIMEOUT_MS).then(
    () => 'ok' as const,
    () => whenDown,
  );
}

async function runChecks(readiness: AppDependencies['readiness']): Promise<Record<string, CheckState>> {
  const entries = await Promise.all(Object.entries(readiness).map(async ([name, check]) => [name, await runCheck(check)] as const));
  return Object.fromEntries(entries);
}

function registerOperations(app: FastifyInstance, deps: AppDependencies): void {
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const checks = await runChecks(deps.readiness);
    const down = Object.keys(checks).filter((name) => checks[name] === 'unavailable');
    if (down.length === 0) {
      if (Object.values(checks).includes('degraded')) request.log.warn({ checks }, 'readiness degraded');
      return { status: 'ok', checks };
    }
    request.log.warn({ checks }, 'readiness check failed');
    return sendProblem(reply, { code: 'SERVICE_UNAVAILABLE', detail: `Not reachable: ${down.join(', ')}.`, headers: { 'retry-after': '5' }, extensions: { checks } });
  });
}

/** Which peers may name the client in X-Forwarded-For: none, the nearest `n` hops, or listed addresses. */
function trustProxyOption(setting: AppDependencies['trustProxy']): NonNullable<FastifyHttpOptions<Server>['trustProxy']> {
  if (setting === undefined || setting === false) return false;
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return [...setting];
}

/** One log line per request, when it is answered, carrying the request too; none as it arrives. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {
    // The completion line below says everything this one would.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error == null) reply.log.info(fields, 'request completed');
    else reply.log.error({ ...fields, err: error }, 'request errored');
  }
}

function serverOptions(deps: AppDependencies): FastifyHttpOptions<Server> {
  const timeouts = deps.httpTimeouts ?? HTTP_TIMEOUTS;
  return {
    ...(deps.logger === false ? { logger: false } : { loggerInstance: deps.logger }),
    genReqId: requestIdGenerator(trustedPeer(deps.trustProxy)),
    // A client's own X-Request-Id, when the service made another, is logged beside the service's.
    childLoggerFactory: (logger, bindings, options, raw) => {
      const clientId = clientRequestId(raw);
      return logger.child(clientId === undefined || clientId === bindings.reqId ? bindings : { ...bindings, client_request_id: clientId }, options);
    },
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    // Answered below as a problem document, with Retry-After.
    return503OnClosing: false,
    trustProxy: trustProxyOption(deps.trustProxy),
    connectionTimeout: 2 * timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
    frameworkErrors,
    clientErrorHandler,
    logController: new OneLinePerRequest(),
  };
}

/** True when part of the request body has not reached the server yet (it was never read). */
function bodyStillArriving(raw: IncomingMessage): boolean {
  if (raw.complete) return false;
  if (raw.headers['transfer-encoding'] !== undefined) return true;
  return raw.readableLength < Number(raw.headers['content-length'] ?? 0);
}

/** Every answer carries the request id and security headers; while shutting down, new requests get a 503. */
function registerBaseHooks(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    return Promise.resolve();
  });
  app.addHook('onRequest', async (request, reply) => {
    applyBaseHeaders(reply);
    if (closing) return sendProblem(reply, { code: 'SERVICE_UNAVAILABLE', detail: 'The service is shutting down; retry the request.', headers: { 'retry-after': '1' } });
    return Promise.resolve();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // Answered before its body arrived (401, 403, 415, …): closing the connection stops the client
    // from making the server read and discard a body of any declared size.
    if (bodyStillArriving(request.raw)) reply.header('connection', 'close');
    return Promise.resolve(payload);
  });
}

/** Builds the HTTP application; it never listens (main.ts does), so tests drive it with inject(). */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(deps)).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON (UTF-8) is the only body this API reads (merge patches are JSON too); anything else is 415.
  registerJsonBodies(app, ['application/json', 'application/merge-patch+json']);
  app.setErrorHandler(createErrorHandler());
  app.setNotFoundHandler(notFoundHandler);
  registerBaseHooks(app);
  registerCors(app, deps.corsOrigins ?? []);
  registerOperations(app, deps);
  decorateActor(app);
  await registerOpenApi(app, describeApi(API_INFO, deps.modules));
  for (const module of deps.modules) await app.register(module.plugin, { prefix: API_PREFIX });
  if (deps.devIssuer !== undefined) registerDevTokenRoute(app, deps.devIssuer);
  if (deps.console !== undefined) await registerConsole(app, deps.console);
  return app;
}
