import type { Server } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyHttpOptions, type FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerCors } from './shared/http/cors.js';
import { createErrorHandler, notFoundHandler, sendProblem } from './shared/http/error-handler.js';
import { requestIdFor } from './shared/http/request-id.js';
import { validatorCompiler } from './shared/http/validation.js';
import { registerDevTokenRoute, type DevKeyPair } from './auth/index.js';
import { registerOpenApi } from './shared/http/openapi.js';
import { workflowOperations, workflowProblem, workflowsRoutes, type WorkflowsModuleDependencies } from './workflows/index.js';

/** A named dependency check for /readyz: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<void>;

export interface AppDependencies {
  readonly logger: FastifyBaseLogger | false;
  readonly readiness: Readonly<Record<string, ReadinessCheck>>;
  /** Undefined when FEATURE_WORKFLOWS_ENABLED=false: the module's routes then do not exist. */
  readonly workflows: WorkflowsModuleDependencies | undefined;
  readonly corsOrigins?: readonly string[];
  readonly trustProxy?: false | number | readonly string[];
  /** The dev issuer's keys, in dev issuer mode only: enables `POST /dev/token` for the web console. */
  readonly devIssuer?: DevKeyPair | undefined;
}

const BODY_LIMIT = 64 * 1024;
const DOCS_PREFIX = '/docs';
const READINESS_TIMEOUT_MS = 2_000;

// Slow clients cannot hold a connection: headers within 10 s, the whole request within 30 s.
const SERVER_TIMEOUTS = { connectionTimeout: 60_000, keepAliveTimeout: 5_000, requestTimeout: 30_000 } as const;
const HEADERS_TIMEOUT_MS = 10_000;

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
} as const;

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

async function runChecks(readiness: AppDependencies['readiness']): Promise<Record<string, 'ok' | 'unavailable'>> {
  const entries = await Promise.all(
    Object.entries(readiness).map(async ([name, check]) => {
      const ok = await withTimeout(check(), READINESS_TIMEOUT_MS).then(() => true, () => false);
      return [name, ok ? 'ok' : 'unavailable'] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function registerOperations(app: FastifyInstance, deps: AppDependencies): void {
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const checks = await runChecks(deps.readiness);
    const down = Object.keys(checks).filter((name) => checks[name] !== 'ok');
    if (down.length === 0) return { status: 'ok', checks };
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

/** Builds the HTTP application; it never listens (main.ts does), so tests drive it with inject(). */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const options: FastifyHttpOptions<Server> = {
    ...(deps.logger === false ? { logger: false } : { loggerInstance: deps.logger }),
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    trustProxy: trustProxyOption(deps.trustProxy),
    ...SERVER_TIMEOUTS,
  };
  const app = Fastify(options).withTypeProvider<ZodTypeProvider>();
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON is the only body this API reads; anything else is 415, never coerced from text.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(createErrorHandler([workflowProblem]));
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.headers(SECURITY_HEADERS);
    // The documentation page runs scripts and styles of its own; it sets its own policy.
    if (request.url.startsWith(DOCS_PREFIX)) reply.removeHeader('content-security-policy');
    return Promise.resolve();
  });
  registerCors(app, deps.corsOrigins ?? []);
  registerOperations(app, deps);
  await registerOpenApi(app, workflowOperations(deps.workflows?.createRateLimiter !== undefined));
  if (deps.workflows !== undefined) await app.register(workflowsRoutes(deps.workflows), { prefix: '/api/v1' });
  if (deps.devIssuer !== undefined) registerDevTokenRoute(app, deps.devIssuer);
  return app;
}
