import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { workflowsContext, workflowsModule } from '../../../src/workflows/index.js';
import { connectPostgres } from '../../../src/shared/postgres-database.js';
import { aTestApp, aToken, aWorkflowBody, devKeys } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

describe('POST /api/v1/workflows — errors', () => {
  it('answers 400 for malformed JSON', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { 'content-type': 'application/json' }, payload: '{"name": "x",' });

    expectProblem(response, 400, 'BAD_REQUEST');
  });

  it('answers 400 for an empty JSON body', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { 'content-type': 'application/json' }, payload: '' });

    expectProblem(response, 400, 'BAD_REQUEST');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('answers 415 for a %s body', async (contentType) => {
    const { request } = await aTestApp();

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers: { 'content-type': contentType }, payload: 'name=x' });

    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 415 for a body without a content type', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken() });

    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for a body over 64 KiB', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody({ description: 'x'.repeat(70 * 1024) }), await aToken());

    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 422 with every field error when the body breaks several rules', async () => {
    const { create } = await aTestApp();

    const response = await create({ name: '\u200b', trigger_type: 'schedule', trigger_config: { cron: '61 * * * *', timezone: 'Mars/Olympus', extra: 1 } }, await aToken());

    const body = expectProblem(response, 422, 'VALIDATION_ERROR');
    const paths = (body.errors as { path: string; code: string }[]).map((error) => `${error.path}:${error.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name:WORKFLOW_NAME_INVALID_CHARACTERS',
        'trigger_config.cron:WORKFLOW_TRIGGER_CONFIG_INVALID',
        'trigger_config.timezone:WORKFLOW_TRIGGER_CONFIG_INVALID',
        'trigger_config.extra:WORKFLOW_TRIGGER_CONFIG_INVALID',
      ]),
    );
  });

  it.each([
    ['a number for the name', { name: 123 }, 'name', 'INVALID_TYPE'],
    ['a missing name', { description: 'x' }, 'name', 'REQUIRED'],
    ['an unknown trigger type', { name: 'x', trigger_type: 'email' }, 'trigger_type', 'INVALID_VALUE'],
    ['a string for the trigger config', { name: 'x', trigger_config: '{}' }, 'trigger_config', 'INVALID_TYPE'],
    ['a numeric string for the description', { name: 'x', description: 5 }, 'description', 'INVALID_TYPE'],
    ['a name of only spaces', { name: '   ' }, 'name', 'WORKFLOW_NAME_TOO_SHORT'],
    ['a name of 101 characters', { name: 'n'.repeat(101) }, 'name', 'WORKFLOW_NAME_TOO_LONG'],
    ['a description of 2001 characters', { name: 'x', description: 'd'.repeat(2001) }, 'description', 'WORKFLOW_DESCRIPTION_TOO_LONG'],
    ['a config for a manual trigger', { name: 'x', trigger_type: 'manual', trigger_config: { cron: '* * * * *' } }, 'trigger_config.cron', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
    ['a lower-case webhook method', { name: 'x', trigger_type: 'webhook', trigger_config: { method: 'post' } }, 'trigger_config.method', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
    ['an event name that is not dotted', { name: 'x', trigger_type: 'event', trigger_config: { event: 'InvoicePaid' } }, 'trigger_config.event', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
    ['a name of Hangul fillers', { name: '\u3164\u3164' }, 'name', 'WORKFLOW_NAME_BLANK'],
    ['a name of braille blanks', { name: '\u2800' }, 'name', 'WORKFLOW_NAME_BLANK'],
    ['a name of combining marks only', { name: '\u0301\u0302' }, 'name', 'WORKFLOW_NAME_BLANK'],
    ['a cron that never fires', { name: 'x', trigger_type: 'schedule', trigger_config: { cron: '0 0 30 2 *' } }, 'trigger_config.cron', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
    ['a right-to-left override in the description', { name: 'x', description: 'Deletes \u202Estnemucod' }, 'description', 'WORKFLOW_DESCRIPTION_INVALID_CHARACTERS'],
    ['a bidirectional isolate in the description', { name: 'x', description: 'a\u2067b\u2069' }, 'description', 'WORKFLOW_DESCRIPTION_INVALID_CHARACTERS'],
    ['a cron over 256 characters', { name: 'x', trigger_type: 'schedule', trigger_config: { cron: `0 0 * * ${'1,'.repeat(130)}1` } }, 'trigger_config.cron', 'WORKFLOW_TRIGGER_CONFIG_INVALID'],
  ])('answers 422 for %s', async (_case, body, path, code) => {
    const { create } = await aTestApp();

    const response = await create(body, await aToken());

    const problem = expectProblem(response, 422, 'VALIDATION_ERROR');
    expect(problem.errors).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('answers 422 for a body that is a JSON array', async () => {
    const { create } = await aTestApp();

    const response = await create([{ name: 'x' }], await aToken());

    const problem = expectProblem(response, 422, 'VALIDATION_ERROR');
    expect(problem.errors).toContainEqual(expect.objectContaining({ path: 'body', code: 'INVALID_TYPE' }));
  });

  it('answers 409 naming the existing workflow when the name is taken', async () => {
    const { create } = await aTestApp();
    const token = await aToken();
    const first = await create(aWorkflowBody({ name: 'Daily report' }), token);

    const response = await create(aWorkflowBody({ name: 'DAILY REPORT' }), token);

    const problem = expectProblem(response, 409, 'CONFLICT');
    expect(problem.existing_workflow_id).toBe(first.json<{ id: string }>().id);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'name', code: 'WORKFLOW_NAME_TAKEN' })]);
  });

  it('answers 404 as a problem for an unknown route', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/api/v1/nothing-here' });

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it.each([randomUUID(), 'not-a-uuid'])('answers 404 for workflow id %s', async (id) => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: `/api/v1/workflows/${id}`, token: await aToken() });

    expectProblem(response, 404, 'NOT_FOUND');
  });

  it('answers 500 without internals when something unexpected fails', async () => {
    const { app, database } = await aTestApp();
    const { verifier } = await devKeys();
    const context = workflowsContext({ database, verifier });
    const failingCreates = new Proxy(context.workflows, {
      get: (target, member) => (member === 'create' ? () => Promise.reject(new Error('select * from secret_table')) : (Reflect.get(target, member) as unknown)),
    });
    const failing = await buildApp({
      logger: false,
      readiness: { database: () => database.ping() },
      modules: [await workflowsModule({ ...context, workflows: failingCreates })],
    });

    const response = await failing.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${await aToken()}` }, payload: { name: 'x' } });

    const problem = expectProblem(response, 500, 'INTERNAL_ERROR');
    expect(JSON.stringify(problem)).not.toContain('secret_table');
    expect(problem.detail).toContain(response.headers['x-request-id'] as string);
    await app.close();
  });

  it('answers 503 with Retry-After, and readiness fails, when the database is unreachable', async () => {
    const database = connectPostgres({ url: 'postgres://nobody@127.0.0.1:1/none', poolMax: 1, acquireTimeoutMs: 500, statementTimeoutMs: 500, lockTimeoutMs: 500 });
    const { verifier } = await devKeys();
    const app = await buildApp({ logger: false, readiness: { database: () => database.ping() }, modules: [await workflowsModule(workflowsContext({ database, verifier }))] });

    const create = await app.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${await aToken()}` }, payload: { name: 'x' } });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });

    const problem = expectProblem(create, 503, 'SERVICE_UNAVAILABLE');
    expect(create.headers['retry-after']).toBe('5');
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expectProblem(ready, 503, 'SERVICE_UNAVAILABLE');
    await app.close();
    await database.close();
  });

  it('leaves nothing written when the request is refused', async () => {
    const { create, database } = await aTestApp();
    const name = `refused-${randomUUID()}`;

    const response = await create({ name, status: 'active' }, await aToken());

    const problem = expectProblem(response, 422, 'VALIDATION_ERROR');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'status', code: 'UNKNOWN_FIELD' })]);
    const rows = await queryRows<{ n: number }>(database, sql`select count(*)::int as n from workflows where name = ${name}`);
    expect(rows[0]?.n).toBe(0);
  });
});
