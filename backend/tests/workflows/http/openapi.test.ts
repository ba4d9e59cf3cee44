import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { workflowsContext, workflowsModule } from '../../../src/workflows/index.js';
import { connectPostgres } from '../../../src/shared/postgres-database.js';
import { aTestApp, aToken, aWorkflowBody, devKeys } from '../../support/app.js';
import { documentedApp, expectConforms, type OpenApiDocument } from '../../support/openapi.js';
import { closeSharedDatabases } from '../../support/database.js';

afterAll(closeSharedDatabases);

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with both operations, the bearer scheme and the problem schema', async () => {
    const { document } = await documentedApp();

    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/v1/workflows']?.post?.operationId).toBe('createWorkflow');
    expect(document.paths['/api/v1/workflows/{id}']?.get?.operationId).toBe('getWorkflow');
    expect(document.paths['/api/v1/workflows']?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.paths['/api/v1/workflows']?.post?.responses ?? {}).sort()).toEqual(['201', '400', '401', '403', '408', '409', '413', '414', '415', '422', '429', '431', '500', '503']);
  });

  it('documents string bounds and enums from the validating schemas', async () => {
    const { document } = await documentedApp();

    expect(document.components.schemas.CreateWorkflowRequest).toMatchObject({
      additionalProperties: false,
      required: ['name'],
      properties: { name: { minLength: 1, maxLength: 100 }, description: { maxLength: 2000 } },
    });
    expect(JSON.stringify(document.components.schemas.Workflow)).toContain('"enum":["draft","active","paused","archived"]');
  });

  it('leaves the workflows paths out when the module is off', async () => {
    const { request } = await aTestApp({ workflowsEnabled: false });

    const document = (await request({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();

    expect(Object.keys(document.paths).filter((path) => path.startsWith('/api/v1/workflows'))).toEqual([]);
  });

  it('serves the documentation page', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/docs' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('responses conform to the document', () => {
  it('for a create, a read and every error of create', async () => {
    const context = await documentedApp();
    const { request, create } = context.app;
    const token = await aToken();
    const created = await create(aWorkflowBody({ name: 'Conforming' }), token);
    const id = created.json<{ id: string }>().id;
    const post = async (headers: Record<string, string>, payload: string) => request({ method: 'POST', url: '/api/v1/workflows', headers, payload, token: await aToken() });

    const cases: [string, string, LightMyRequestResponse][] = [
      ['/api/v1/workflows', 'post', created],
      ['/api/v1/workflows/{id}', 'get', await request({ method: 'GET', url: `/api/v1/workflows/${id}`, token })],
      ['/api/v1/workflows/{id}', 'get', await request({ method: 'GET', url: `/api/v1/workflows/${randomUUID()}`, token })],
      ['/api/v1/workflows/{id}', 'get', await request({ method: 'GET', url: `/api/v1/workflows/${id}` })],
      ['/api/v1/workflows/{id}', 'get', await request({ method: 'GET', url: `/api/v1/workflows/${id}`, token: await aToken({ permissions: [] }) })],
      ['/api/v1/workflows', 'post', await post({ 'content-type': 'application/json' }, '{"name":')],
      ['/api/v1/workflows', 'post', await post({ 'content-type': 'text/plain' }, 'x')],
      ['/api/v1/workflows', 'post', await post({ 'content-type': 'application/json' }, JSON.stringify({ name: 'x', description: 'd'.repeat(70_000) }))],
      ['/api/v1/workflows', 'post', await create({ name: 'x', trigger_type: 'schedule', trigger_config: { cron: 'nope' } }, await aToken())],
      ['/api/v1/workflows', 'post', await create({ name: 'Conforming' }, token)],
      ['/api/v1/workflows', 'post', await create({ name: 'x' }, 'garbage')],
      ['/api/v1/workflows', 'post', await create({ name: 'x' }, await aToken({ permissions: ['org:workflows:read'] }))],
      ['/api/v1/workflows', 'post', await create({ name: 'y' }, token).then(() => create({ name: 'z' }, token))],
    ];

    const statuses = cases.map(([, , response]) => response.statusCode);
    expect(statuses).toEqual([201, 200, 404, 401, 403, 400, 415, 413, 422, 409, 401, 403, 429]);
    for (const [path, method, response] of cases) expectConforms(context, path, method, response);
  });

  it('for a create while the database is unreachable', async () => {
    const context = await documentedApp();
    const database = connectPostgres({ url: 'postgres://nobody@127.0.0.1:1/none', poolMax: 1, acquireTimeoutMs: 300, statementTimeoutMs: 300, lockTimeoutMs: 300 });
    const { verifier } = await devKeys();
    const unreachable = await buildApp({ logger: false, readiness: {}, modules: [await workflowsModule(workflowsContext({ database, verifier }))] });

    const response = await unreachable.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${await aToken()}` }, payload: aWorkflowBody() });

    expect(response.statusCode).toBe(503);
    expectConforms(context, '/api/v1/workflows', 'post', response);
    await database.close();
  });
});
