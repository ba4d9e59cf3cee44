import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.js';
import { defineModule, describeApi, PATH_RESOURCE, REQUEST_INPUT, type Guard, type RouteDefinition } from '../../src/shared/http/module.js';
import { problemRule, type ProblemCatalogue, type ProblemTable } from '../../src/shared/http/problem-table.js';
import type { Database } from '../../src/shared/database.js';
import { workflowsContext, workflowsModule } from '../../src/workflows/index.js';
import { workflowRoute } from '../../src/workflows/presentation/context.js';
import { caught } from '../support/caught.js';

class TeapotError extends AppError {
  readonly code = 'TEAPOT';
}

const TABLE: ProblemTable = {
  TEAPOT: problemRule('CONFLICT'),
  GONE: problemRule('NOT_FOUND'),
  STALE: problemRule('PRECONDITION_FAILED'),
};
const TAG = { name: 'tea', description: 'Tea' };
/** A module of its own: one problem code of its own (CONFLICT), and its table. */
const CATALOGUE: ProblemCatalogue = { kinds: { CONFLICT: { status: 409, title: 'Conflict' } }, rules: TABLE };

const AUTHENTICATED: Guard = { problems: ['UNAUTHORIZED', 'FORBIDDEN'] };
const LIMITED: Guard = { problems: ['RATE_LIMITED'], rateLimited: true };

function aRoute(overrides: Partial<RouteDefinition> = {}): RouteDefinition {
  return { operationId: 'brewTea', guards: [], errors: [], register: () => undefined, ...overrides };
}

function docsOf(route: RouteDefinition) {
  const docs = defineModule(TAG, CATALOGUE, [route]).operations[route.operationId];
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
    const error = await caught(() => defineModule(TAG, CATALOGUE, [aRoute({ errors: ['TEAPOT', 'MISSING_CODE'] })]));

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/brewTea.*MISSING_CODE/);
  });

  it.each(['constructor', 'toString'])('refuse the error code %s, an object prototype member but no rule of the table', async (code) => {
    const error = await caught(() => defineModule(TAG, CATALOGUE, [aRoute({ errors: [code] })]));

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
    await app.register(defineModule(TAG, CATALOGUE, [teapotRoute]).plugin);

    const response = await app.inject({ method: 'GET', url: '/teapot' });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', detail: 'short and stout' });
    await app.close();
  });

  it('keeps its table to itself', async () => {
    const app = Fastify();
    await app.register(defineModule(TAG, CATALOGUE, []).plugin);
    await app.register(defineModule(TAG, { kinds: {}, rules: {} }, [teapotRoute]).plugin);

    const response = await app.inject({ method: 'GET', url: '/teapot' });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL_ERROR' });
    await app.close();
  });
});

describe('the API its modules describe', () => {
  const aModule = (kinds: ProblemCatalogue['kinds'], name = 'tea') => defineModule({ name, description: name }, { kinds, rules: {} }, []);

  it('knows the shared problem codes and every module’s own, with one tag per module', () => {
    const api = describeApi({ title: 'Tea API', description: 'Tea' }, [aModule({ TEAPOT: { status: 418, title: 'Teapot' } }), aModule({}, 'cups')]);

    expect(api.kinds).toMatchObject({ BAD_REQUEST: { status: 400 }, TEAPOT: { status: 418, title: 'Teapot' } });
    expect(api.tags.map((tag) => tag.name)).toEqual(['tea', 'cups']);
  });

  it('refuses two modules giving one problem code two statuses, naming it', async () => {
    const error = await caught(() => describeApi({ title: 'Tea API', description: 'Tea' }, [aModule({ TEAPOT: { status: 418, title: 'Teapot' } }), aModule({ TEAPOT: { status: 409, title: 'Teapot' } }, 'cups')]));

    expect((error as Error).message).toMatch(/TEAPOT.*418.*409/);
  });

  it('refuses a module redefining a shared code with another status', async () => {
    const error = await caught(() => describeApi({ title: 'Tea API', description: 'Tea' }, [aModule({ NOT_FOUND: { status: 410, title: 'Gone' } })]));

    expect((error as Error).message).toMatch(/NOT_FOUND/);
  });
});

describe('a module’s own problem code', () => {
  it('answers with the status and title its module gives it', async () => {
    const app = Fastify();
    const route = aRoute({
      register: (api) => {
        api.get('/teapot', () => {
          throw new TeapotError('short and stout');
        });
      },
    });
    await app.register(defineModule(TAG, { kinds: { TEAPOT_FULL: { status: 418, title: 'Teapot full' } }, rules: { TEAPOT: problemRule('TEAPOT_FULL') } }, [route]).plugin);

    const response = await app.inject({ method: 'GET', url: '/teapot' });

    expect(response.statusCode).toBe(418);
    expect(response.json()).toMatchObject({ code: 'TEAPOT_FULL', title: 'Teapot full', status: 418, type: '/problems/teapot-full' });
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

describe('a workflows route’s documented errors', () => {
  it('are codes of the module’s problem table, checked by the compiler', () => {
    const route = { operationId: 'x', guards: [], register: () => undefined };
    // @ts-expect-error -- a misspelt code is no key of the workflows module's table
    const misspelt = workflowRoute(() => ({ ...route, errors: ['WORKFLOW_NOT_FOUDN'] }));
    const spelt = workflowRoute(() => ({ ...route, errors: ['WORKFLOW_NOT_FOUND'] }));

    expect([misspelt, spelt].every((factory) => typeof factory === 'function')).toBe(true);
  });
});
