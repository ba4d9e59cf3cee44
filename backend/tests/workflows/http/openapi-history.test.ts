import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aToken, type TestApp, aWorkflow, workflowUrl as url } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { documentedApp, expectConforms, type OpenApiDocument } from '../../support/openapi.js';

afterAll(closeSharedDatabases);

const VERSIONS = '/api/v1/workflows/{id}/versions';
const VERSION = '/api/v1/workflows/{id}/versions/{version}';
const RESTORE = '/api/v1/workflows/{id}/versions/{version}/restore';
const DUPLICATE = '/api/v1/workflows/{id}/duplicate';
type Context = Awaited<ReturnType<typeof documentedApp>>;
type Case = readonly [path: string, method: string, response: LightMyRequestResponse];

interface DocumentedOperation {
  readonly operationId: string;
  readonly responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
  readonly security?: unknown;
  readonly requestBody?: { readonly required?: boolean; readonly content?: Record<string, unknown> };
}

/**
 * One organization whose every write comes from a new member: documentedApp allows each member
 * three writes a minute, and these tests write more than that.
 */
function anOrganization() {
  const org = `org_${randomUUID()}`;
  return { member: (permissions?: readonly string[]) => aToken({ org, user: `user_${randomUUID().slice(0, 8)}`, ...(permissions === undefined ? {} : { permissions }) }) };
}

/** A workflow of two versions: version 1 carries its first name, version 2 another. */
async function aRenamedWorkflow(app: TestApp, member: () => Promise<string>, overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const workflow = await aWorkflow(app, await member(), overrides);
  const response = await app.request({ method: 'PATCH', url: url(workflow.id), token: await member(), headers: { 'if-match': '*' }, payload: { name: `Renamed ${randomUUID().slice(0, 8)}` } });
  if (response.statusCode !== 200) throw new Error(`PATCH answered ${String(response.statusCode)}: ${response.body}`);
  return workflow;
}

const restoreVersion = (app: TestApp, token: string, id: string, version: string, headers: Record<string, string> = { 'if-match': '*' }) =>
  app.request({ method: 'POST', url: `${url(id)}/versions/${version}/restore`, token, headers });
const duplicate = (app: TestApp, token: string, id: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request({ method: 'POST', url: `${url(id)}/duplicate`, token, headers, ...(body === undefined ? {} : { payload: body as object }) });

function expectAllConform(context: Context, cases: readonly Case[], statuses: readonly number[]) {
  expect(cases.map(([, , response]) => response.statusCode)).toEqual(statuses);
  for (const [path, method, response] of cases) expectConforms(context, path, method, response);
}

function operation(document: OpenApiDocument, path: string, method: string): DocumentedOperation {
  const found = document.paths[path]?.[method];
  if (found === undefined) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  return found;
}

describe('OpenAPI document — history', () => {
  it.each([
    [VERSIONS, 'get', 'listWorkflowVersions'],
    [VERSION, 'get', 'getWorkflowVersion'],
    [RESTORE, 'post', 'restoreWorkflowVersion'],
    [DUPLICATE, 'post', 'duplicateWorkflow'],
  ])('documents %s %s as %s, behind the bearer scheme', async (path, method, operationId) => {
    const { document } = await documentedApp();

    const documented = operation(document, path, method);

    expect(documented.operationId).toBe(operationId);
    expect(documented.security).toEqual([{ bearerAuth: [] }]);
  });

  it.each([
    [VERSIONS, 'get', ['200', '400', '401', '403', '404']],
    [VERSION, 'get', ['200', '401', '403', '404']],
    [RESTORE, 'post', ['200', '400', '401', '403', '404', '409', '412', '422', '428', '429']],
    [DUPLICATE, 'post', ['201', '400', '401', '403', '404', '409', '413', '415', '422', '429']],
  ])('documents the answers of %s %s', async (path, method, statuses) => {
    const { document } = await documentedApp();

    const documented = Object.keys(operation(document, path, method).responses);

    expect(documented).toEqual(expect.arrayContaining(statuses));
  });

  it('documents the Link header of a page of versions', async () => {
    const { document } = await documentedApp();

    const page = operation(document, VERSIONS, 'get').responses['200'];

    expect(page?.headers).toHaveProperty('Link');
  });

  it('documents the ETag of a restore and of its 412', async () => {
    const { document } = await documentedApp();

    const { responses } = operation(document, RESTORE, 'post');

    expect(responses['200']?.headers).toHaveProperty('ETag');
    expect(responses['412']?.headers).toHaveProperty('ETag');
  });

  it('documents no 201 for a restore and no 200 for a duplicate', async () => {
    const { document } = await documentedApp();

    const restore = Object.keys(operation(document, RESTORE, 'post').responses);
    const copy = Object.keys(operation(document, DUPLICATE, 'post').responses);

    expect(restore).not.toContain('201');
    expect(copy).not.toContain('200');
  });

  it('documents the Location, ETag and Idempotent-Replayed of a duplicate’s 201', async () => {
    const { document } = await documentedApp();

    const created = operation(document, DUPLICATE, 'post').responses['201'];

    expect(Object.keys(created?.headers ?? {})).toEqual(expect.arrayContaining(['Location', 'ETag', 'Idempotent-Replayed']));
  });

  it('documents the duplicate’s JSON body as optional', async () => {
    const { document } = await documentedApp();

    const body = operation(document, DUPLICATE, 'post').requestBody;

    expect(body?.required).not.toBe(true);
    expect(Object.keys(body?.content ?? {})).toEqual(['application/json']);
  });

  it('documents the members of WorkflowVersion', async () => {
    const { document } = await documentedApp();

    const { properties } = document.components.schemas.WorkflowVersion as { properties: Record<string, unknown> };

    expect(Object.keys(properties).toSorted()).toEqual(['action', 'changed_at', 'changed_by', 'description', 'name', 'status', 'trigger_config', 'trigger_type', 'version']);
  });

  it('gives DuplicateWorkflowRequest an example the API accepts', async () => {
    const context = await documentedApp();
    const example = (context.document.components.schemas.DuplicateWorkflowRequest as { examples?: unknown[] }).examples?.[0];
    const token = await aToken();
    const source = await aWorkflow(context.app, token);

    const response = await duplicate(context.app, token, source.id, example);

    expect(response.statusCode).toBe(201);
    expectConforms(context, DUPLICATE, 'post', response);
  });
});

describe('responses of the history operations conform to the document', () => {
  it('for the list of versions: a page with a Link, the last page, bad queries and unknown workflows', async () => {
    const context = await documentedApp();
    const { request } = context.app;
    const { member } = anOrganization();
    const workflow = await aRenamedWorkflow(context.app, member);
    const token = await member();

    const first = await request({ method: 'GET', url: `${url(workflow.id)}/versions?limit=1`, token });
    const cases: Case[] = [
      [VERSIONS, 'get', first],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions?limit=1&cursor=${encodeURIComponent(first.json<{ next_cursor: string }>().next_cursor)}`, token })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions?colour=red`, token })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions?limit=0`, token })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions?cursor=tampered`, token })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions` })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions`, token: await member(['org:workflows:create']) })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(randomUUID())}/versions`, token })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url('not-a-uuid')}/versions`, token })],
      [VERSIONS, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions`, token: await aToken() })],
    ];

    expectAllConform(context, cases, [200, 200, 400, 400, 400, 401, 403, 404, 404, 404]);
    expect(first.headers.link).toMatch(/^<\/api\/v1\/workflows\/[0-9a-f-]+\/versions\?limit=1&cursor=[^>]+>; rel="next"$/);
  });

  it('for one version: 200 and every 404', async () => {
    const context = await documentedApp();
    const { request } = context.app;
    const { member } = anOrganization();
    const workflow = await aRenamedWorkflow(context.app, member);
    const token = await member();

    const cases: Case[] = [
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/1`, token })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/2`, token })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/3`, token })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/x`, token })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/0`, token })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(randomUUID())}/versions/1`, token })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/1`, token: await aToken() })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/1` })],
      [VERSION, 'get', await request({ method: 'GET', url: `${url(workflow.id)}/versions/1`, token: await member(['org:workflows:update']) })],
    ];

    expectAllConform(context, cases, [200, 200, 404, 404, 404, 404, 404, 401, 403]);
  });

  it('for a version restore: 200 and every refusal', async () => {
    const context = await documentedApp();
    const { app } = context;
    const { member } = anOrganization();
    const workflow = await aRenamedWorkflow(app, member);
    const displaced = await aRenamedWorkflow(app, member);
    const holder = await aWorkflow(app, await member(), { name: displaced.name });
    const archived = await aRenamedWorkflow(app, member);
    await app.request({ method: 'POST', url: `${url(archived.id)}/archive`, token: await member() });
    const active = await aWorkflow(app, await member(), { trigger_type: null, trigger_config: {} });
    await app.request({ method: 'PATCH', url: url(active.id), token: await member(), headers: { 'if-match': '*' }, payload: { trigger_type: 'manual' } });
    await app.request({ method: 'POST', url: `${url(active.id)}/activate`, token: await member() });
    const limited = await member();
    for (let attempt = 0; attempt < 3; attempt += 1) await restoreVersion(app, limited, workflow.id, '2');

    const cases: Case[] = [
      [RESTORE, 'post', await restoreVersion(app, await member(), workflow.id, '1', { 'if-match': '"2"' })],
      [RESTORE, 'post', await restoreVersion(app, await member(), workflow.id, '3')],
      [RESTORE, 'post', await restoreVersion(app, await member(), workflow.id, '1', { 'if-match': 'abc' })],
      [RESTORE, 'post', await restoreVersion(app, await member(), workflow.id, '9')],
      [RESTORE, 'post', await restoreVersion(app, await member(), workflow.id, '0')],
      [RESTORE, 'post', await restoreVersion(app, await member(), randomUUID(), '1')],
      [RESTORE, 'post', await restoreVersion(app, await member(), displaced.id, '1')],
      [RESTORE, 'post', await restoreVersion(app, await member(), archived.id, '1')],
      [RESTORE, 'post', await restoreVersion(app, await member(), workflow.id, '2', { 'if-match': '"1"' })],
      [RESTORE, 'post', await restoreVersion(app, await member(), active.id, '1')],
      [RESTORE, 'post', await restoreVersion(app, await member(), workflow.id, '2', {})],
      [RESTORE, 'post', await app.request({ method: 'POST', url: `${url(workflow.id)}/versions/1/restore`, headers: { 'if-match': '*' } })],
      [RESTORE, 'post', await restoreVersion(app, await member(['org:workflows:read']), workflow.id, '2')],
      [RESTORE, 'post', await restoreVersion(app, limited, workflow.id, '2')],
    ];

    expectAllConform(context, cases, [200, 200, 400, 404, 404, 404, 409, 409, 412, 422, 428, 401, 403, 429]);
    expect(cases[6]?.[2].json()).toMatchObject({ code: 'CONFLICT', existing_workflow_id: holder.id });
    expect(cases[7]?.[2].json()).toMatchObject({ code: 'WORKFLOW_ARCHIVED' });
    expect(cases[8]?.[2].json()).toMatchObject({ code: 'PRECONDITION_FAILED', current_version: 3 });
    expect(cases[9]?.[2].json()).toMatchObject({ errors: [{ path: 'trigger_type', code: 'WORKFLOW_TRIGGER_REQUIRED' }] });
  });

  it('for a duplicate: 201, a replay and every refusal', async () => {
    const context = await documentedApp();
    const { app } = context;
    const { member } = anOrganization();
    const source = await aWorkflow(app, await member());
    const holder = await aWorkflow(app, await member(), { name: 'Held copy name' });
    const keyed = await member();
    const key = `key-${randomUUID()}`;
    const limited = await member();
    for (let attempt = 0; attempt < 3; attempt += 1) await duplicate(app, limited, source.id);

    const cases: Case[] = [
      [DUPLICATE, 'post', await duplicate(app, await member(), source.id)],
      [DUPLICATE, 'post', await duplicate(app, await member(), source.id, { name: `Named copy ${randomUUID().slice(0, 8)}` })],
      [DUPLICATE, 'post', await duplicate(app, keyed, source.id, {}, { 'idempotency-key': key })],
      [DUPLICATE, 'post', await duplicate(app, keyed, source.id, {}, { 'idempotency-key': key })],
      [DUPLICATE, 'post', await duplicate(app, await member(), source.id, undefined, { 'idempotency-key': 'with space' })],
      [DUPLICATE, 'post', await app.request({ method: 'POST', url: `${url(source.id)}/duplicate`, token: await member(), headers: { 'content-type': 'application/json' }, payload: '{"name":' })],
      [DUPLICATE, 'post', await duplicate(app, await member(), randomUUID())],
      [DUPLICATE, 'post', await duplicate(app, await member(), 'not-a-uuid')],
      [DUPLICATE, 'post', await duplicate(app, await member(), source.id, { name: 'held COPY name' })],
      [DUPLICATE, 'post', await duplicate(app, await member(), source.id, { name: 'x'.repeat(70_000) })],
      [DUPLICATE, 'post', await app.request({ method: 'POST', url: `${url(source.id)}/duplicate`, token: await member(), headers: { 'content-type': 'text/plain' }, payload: 'copy' })],
      [DUPLICATE, 'post', await duplicate(app, await member(), source.id, { colour: 'red' })],
      [DUPLICATE, 'post', await duplicate(app, keyed, source.id, { name: 'Another body' }, { 'idempotency-key': key })],
      [DUPLICATE, 'post', await app.request({ method: 'POST', url: `${url(source.id)}/duplicate` })],
      [DUPLICATE, 'post', await duplicate(app, await member(['org:workflows:read']), source.id)],
      [DUPLICATE, 'post', await duplicate(app, limited, source.id)],
    ];

    expectAllConform(context, cases, [201, 201, 201, 201, 400, 400, 404, 404, 409, 413, 415, 422, 422, 401, 403, 429]);
    expect(cases[3]?.[2].headers['idempotent-replayed']).toBe('true');
    expect(cases[8]?.[2].json()).toMatchObject({ code: 'CONFLICT', existing_workflow_id: holder.id });
    expect(cases[12]?.[2].json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
