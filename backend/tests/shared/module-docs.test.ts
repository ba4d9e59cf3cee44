import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.js';
import { defineModule, PATH_RESOURCE, REQUEST_INPUT, type Guard, type RouteDefinition } from '../../src/shared/http/module.js';
import { problemRule, type ProblemTable } from '../../src/shared/http/problem-table.js';
import type { Database } from '../../src/shared/database.js';
import { workflowsContext, workflowsModule } from '../../src/workflows/index.js';
import { caught } from '../support/caught.js';

class TeapotError extends AppError {
  readonly code = 'TEAPOT';
}

const TABLE: ProblemTable = {
  TEAPOT: problemRule('CONFLICT'),
  GONE: problemRule('NOT_FOUND'),
  STALE: problemRule('PRECONDITION_FAILED'),
};

const AUTHENTICATED: Guard = { problems: ['UNAUTHORIZED', 'FORBIDDEN'] };
const LIMITED: Guard = { problems: ['RATE_LIMITED'], rateLimited: true };

function aRoute(overrides: Partial<RouteDefinition> = {}): RouteDefinition {
  return { operationId: 'brewTea', guards: [], errors: [], register: () => undefined, ...overrides };
}

function docsOf(route: RouteDefinition, table: ProblemTable = TABLE) {
  const docs = defineModule(table, [route]).operations[route.operationId];
  if (docs === undefined) throw new Error(`${route.operationId} is not documented`);
  return docs;
}

describe('a module’s documented operations', () => {
  it('document the problems of the guards, those of the route’s errors, and 503', () => {
    const docs = docsOf(aRoute({ guards: [AUTHENTICATED, REQUEST_INPUT], errors: ['TEAPOT', 'GONE'] }));

    expect([...docs.problems].sort()).toEqual(['BAD_REQUEST', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'SERVICE_UNAVAILABLE', 'UNAUTHORIZED']);
  });

  it('list each problem once', () => {
    const docs = docsOf(aRoute({ guards: [PATH_RESOURCE, { problems: ['NOT_FOUND', 'SERVICE_UNAVAILABLE'] }], errors: ['GONE'] }));

    expect([...docs.problems].sort()).toEqual(['NOT_FOUND', 'SERVICE_UNAVAILABLE']);
  });

  it('leave out the problems of the table the route does not raise', () => {
    const docs = docsOf(aRoute({ errors: ['TEAPOT'] }));

    expect([...docs.problems].sort()).toEqual(['CONFLICT', 'SERVICE_UNAVAILABLE']);
  });

  it('document 503 even for a route without guards or errors', () => {
    expect(docsOf(aRoute()).problems).toEqual(['SERVICE_UNAVAILABLE']);
  });

  it('say a route is rate limited when one of its guards is', () => {
    expect(docsOf(aRoute({ guards: [AUTHENTICATED, LIMITED] })).rateLimited).toBe(true);
  });

  it('say a route is not rate limited when none of its guards is', () => {
    expect(docsOf(aRoute({ guards: [AUTHENTICATED] })).rateLimited).toBe(false);
  });

  it('carry the success headers and empty answers the route declares, none by default', () => {
    const declared = docsOf(aRoute({ successHeaders: ['ETag'], emptyResponses: { 304: 'Not modified' } }));
    const plain = docsOf(aRoute());

    expect(declared).toMatchObject({ successHeaders: ['ETag'], emptyResponses: { 304: 'Not modified' } });
    expect(plain).toMatchObject({ successHeaders: [], emptyResponses: {} });
  });

  it('refuse a route raising an error its module’s table does not map, naming both', async () => {
    const error = await caught(() => defineModule(TABLE, [aRoute({ errors: ['TEAPOT', 'MISSING_CODE'] })]));

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/brewTea.*MISSING_CODE/);
  });

  it.each(['constructor', 'toString'])('refuse the error code %s, an object prototype member but no rule of the table', async (code) => {
    const error = await caught(() => defineModule(TABLE, [aRoute({ errors: [code] })]));

    expect((error as Error).message).toMatch(new RegExp(code));
  });
});

describe('a module’s plugin', () => {
  const teapotRoute = aRoute({
    register: (app) => {
      app.get('/teapot', () => {
        throw new TeapotError('short and stout');
      });
    },
  });

  it('answers its routes’ errors from its own table', async () => {
    const app = Fastify();
    await app.register(defineModule(TABLE, [teapotRoute]).plugin);

    const response = await app.inject({ method: 'GET', url: '/teapot' });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', detail: 'short and stout' });
    await app.close();
  });

  it('keeps its table to itself', async () => {
    const app = Fastify();
    await app.register(defineModule(TABLE, []).plugin);
    await app.register(defineModule({}, [teapotRoute]).plugin);

    const response = await app.inject({ method: 'GET', url: '/teapot' });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL_ERROR' });
    await app.close();
  });
});

// Documenting builds the routes and reads nothing: any use of the database is a failure.
const untouched = new Proxy({}, {
  get: (_target, member) => {
    throw new Error(`documenting the routes used the database (${String(member)})`);
  },
}) as Database;
const documentedModule = await workflowsModule(workflowsContext({ database: untouched, verifier: { verify: () => Promise.reject(new Error('not called while documenting')) } }));

describe('the workflows module’s documented operations', () => {
  const operations = documentedModule.operations;

  it('document a patch’s precondition, conflict, archive and validation answers', () => {
    expect([...(operations.patchWorkflow?.problems ?? [])].sort()).toEqual([
      'BAD_REQUEST',
      'CONFLICT',
      'FORBIDDEN',
      'NOT_FOUND',
      'PAYLOAD_TOO_LARGE',
      'PRECONDITION_FAILED',
      'PRECONDITION_REQUIRED',
      'SERVICE_UNAVAILABLE',
      'UNAUTHORIZED',
      'UNSUPPORTED_MEDIA_TYPE',
      'VALIDATION_ERROR',
      'WORKFLOW_ARCHIVED',
    ]);
  });

  it('document a refused transition on every lifecycle action', () => {
    const lifecycle = ['activateWorkflow', 'pauseWorkflow', 'archiveWorkflow', 'unarchiveWorkflow'].map((id) => operations[id]?.problems ?? []);

    expect(lifecycle.every((problems) => problems.includes('INVALID_STATUS_TRANSITION') && problems.includes('PRECONDITION_FAILED'))).toBe(true);
  });

  it('document 503 on every operation', () => {
    expect(Object.values(operations).every((docs) => docs.problems.includes('SERVICE_UNAVAILABLE'))).toBe(true);
  });
});
