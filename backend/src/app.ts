import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createErrorHandler, notFoundHandler, sendProblem } from './shared/http/error-handler.js';
import { requestIdFor } from './shared/http/request-id.js';
import { validatorCompiler } from './shared/http/validation.js';
import { workflowProblem, workflowsRoutes, type WorkflowsModuleDependencies } from './workflows/index.js';

export interface AppDependencies {
  readonly logger: NonNullable<FastifyServerOptions['logger']>;
  /** Resolves when the database answers; rejects otherwise. */
  readonly checkDatabase: () => Promise<void>;
  readonly workflows: WorkflowsModuleDependencies;
}

const BODY_LIMIT = 64 * 1024;
const READINESS_TIMEOUT_MS = 2_000;

function withTimeout(check: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`no answer within ${ms} ms`)); }, ms);
  });
  return Promise.race([check, timeout]).finally(() => { clearTimeout(timer); });
}

function registerOperations(app: FastifyInstance, deps: AppDependencies): void {
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await withTimeout(deps.checkDatabase(), READINESS_TIMEOUT_MS);
      return { status: 'ok', checks: { database: 'ok' } };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return sendProblem(reply, { code: 'SERVICE_UNAVAILABLE', detail: 'The database is not reachable.', headers: { 'retry-after': '5' }, extensions: { checks: { database: 'unavailable' } } });
    }
  });
}

/** Builds the HTTP application; it never listens (main.ts does), so tests drive it with inject(). */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger,
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON is the only body this API reads; anything else is 415, never coerced from text.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(createErrorHandler([workflowProblem]));
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    return Promise.resolve();
  });
  registerOperations(app, deps);
  await app.register(workflowsRoutes(deps.workflows), { prefix: '/api/v1' });
  return app;
}
