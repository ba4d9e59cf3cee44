import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { aToken, type TestApp, aWorkflow } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { documentedApp, expectConforms, type OpenApiDocument } from '../../support/openapi.js';

afterAll(closeSharedDatabases);

const COLLECTION = '/api/v1/workflows';
const ITEM = '/api/v1/workflows/{id}';
const url = (id: string) => `${COLLECTION}/${id}`;

type Context = Awaited<ReturnType<typeof documentedApp>>;
type Case = readonly [path: string, method: string, response: LightMyRequestResponse];

/**
 * One organization whose every write comes from a new member: documentedApp allows each member
 * three writes a minute, and these tests write more than that.
 */
function anOrganization() {
  const org = `org_${randomUUID()}`;
  return { member: (permissions?: readonly string[]) => aToken({ org, user: `user_${randomUUID().slice(0, 8)}`, ...(permissions === undefined ? {} : { permissions }) }) };
}

const patch = (app: TestApp, token: string, id: string, payload: unknown, headers: Record<string, string> = { 'if-match': '*' }) =>
  app.request({ method: 'PATCH', url: url(id), token, headers, payload: payload as object });
const post = (app: TestApp, token: string, id: string, action: string) => app.request({ method: 'POST', url: `${url(id)}/${action}`, token });

function expectAllConform(context: Context, cases: readonly Case[], statuses: readonly number[]) {
  expect(cases.map(([, , response]) => response.statusCode)).toEqual(statuses);
  for (const [path, method, response] of cases) expectConforms(context, path, method, response);
}

function operation(document: OpenApiDocument, path: string, method: string) {
  const found = document.paths[path]?.[method];
  if (found === undefined) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  return found;
}

describe('OpenAPI document — managing workflows', () => {
  it.each([
    [COLLECTION, 'get', 'listWorkflows'],
    [ITEM, 'get', 'getWorkflow'],
    [ITEM, 'patch', 'patchWorkflow'],
    [ITEM, 'put', 'replaceWorkflow'],
    [ITEM, 'delete', 'deleteWorkflow'],
    [`${ITEM}/restore`, 'post', 'restoreWorkflow'],
    [`${ITEM}/activate`, 'post', 'activateWorkflow'],
    [`${ITEM}/pause`, 'post', 'pauseWorkflow'],
    [`${ITEM}/archive`, 'post', 'archiveWorkflow'],
    [`${ITEM}/unarchive`, 'post', 'unarchiveWorkflow'],
  ])('documents %s %s as %s, behind the bearer scheme', async (path, method, operationId) => {
    const { document } = await documentedApp();

    const documented = operation(document, path, method);

    expect(documented.operationId).toBe(operationId);
    expect(documented.security).toEqual([{ bearerAuth: [] }]);
  });

  it.each([
    ['patch', ['200', '400', '401', '403', '404', '409', '412', '415', '422', '428', '429']],
    ['put', ['200', '400', '401', '403', '404', '409', '412', '415', '422', '428', '429']],
    ['get', ['200', '304', '401', '403', '404']],
  ])('documents the answers of %s on a workflow', async (method, statuses) => {
    const { document } = await documentedApp();

    const documented = Object.keys(operation(document, ITEM, method).responses);

    expect(documented).toEqual(expect.arrayContaining(statuses));
  });

  it('documents the ETag of a 412 and of a 304', async () => {
    const { document } = await documentedApp();

    const precondition = operation(document, ITEM, 'patch').responses['412'];
    const notModified = operation(document, ITEM, 'get').responses['304'];

    expect(precondition?.headers).toHaveProperty('ETag');
    expect(notModified?.headers).toHaveProperty('ETag');
    expect(notModified?.content).toBeUndefined();
  });

  it('documents the Link header of a page', async () => {
    const { document } = await documentedApp();

    const page = operation(document, COLLECTION, 'get').responses['200'];

    expect(page?.headers).toHaveProperty('Link');
  });

  it('documents application/merge-patch+json as a body of PATCH', async () => {
    const { document } = await documentedApp();

    const body = (operation(document, ITEM, 'patch') as { requestBody?: { content?: Record<string, unknown> } }).requestBody;

    expect(Object.keys(body?.content ?? {})).toEqual(expect.arrayContaining(['application/merge-patch+json', 'application/json']));
  });

  it('documents DELETE as answering 204, never 200', async () => {
    const { document } = await documentedApp();

    const documented = Object.keys(operation(document, ITEM, 'delete').responses);

    expect(documented).toContain('204');
    expect(documented).not.toContain('200');
  });

  it('marks the read-only members of Workflow readOnly, and only those', async () => {
    const { document } = await documentedApp();

    const { properties } = document.components.schemas.Workflow as { properties: Record<string, { readOnly?: boolean }> };

    const readOnly = Object.entries(properties).filter(([, schema]) => schema.readOnly === true).map(([name]) => name);
    expect(readOnly.toSorted()).toEqual(['account_id', 'allowed_actions', 'created_at', 'created_by', 'deleted_at', 'id', 'status', 'updated_at', 'updated_by', 'version']);
  });

  it('gives CreateWorkflowRequest an example the API accepts', async () => {
    const context = await documentedApp();
    const example = (context.document.components.schemas.CreateWorkflowRequest as { examples?: unknown[] }).examples?.[0];

    const response = await context.app.create(example, await aToken());

    expect(response.statusCode).toBe(201);
    expectConforms(context, COLLECTION, 'post', response);
  });
});

describe('responses of the management operations conform to the document', () => {
  it('for the list: a page with a Link, the last page, and a bad query', async () => {
    const context = await documentedApp();
    const { request } = context.app;
    const { member } = anOrganization();
    const token = await member();
    await aWorkflow(context.app, token);
    await aWorkflow(context.app, token);

    const first = await request({ method: 'GET', url: `${COLLECTION}?limit=1`, token });
    const cases: Case[] = [
      [COLLECTION, 'get', first],
      [COLLECTION, 'get', await request({ method: 'GET', url: `${COLLECTION}?limit=1&cursor=${encodeURIComponent(first.json<{ next_cursor: string }>().next_cursor)}`, token })],
      [COLLECTION, 'get', await request({ method: 'GET', url: `${COLLECTION}?deleted=true`, token })],
      [COLLECTION, 'get', await request({ method: 'GET', url: `${COLLECTION}?colour=red`, token })],
      [COLLECTION, 'get', await request({ method: 'GET', url: `${COLLECTION}?limit=1&cursor=tampered`, token })],
      [COLLECTION, 'get', await request({ method: 'GET', url: COLLECTION })],
      [COLLECTION, 'get', await request({ method: 'GET', url: COLLECTION, token: await member(['org:workflows:create']) })],
    ];

    expectAllConform(context, cases, [200, 200, 200, 400, 400, 401, 403]);
    expect(first.headers.link).toMatch(/^<\/api\/v1\/workflows\?limit=1&cursor=[^>]+>; rel="next"$/);
  });

  it('for a read: 200, 304 and 404', async () => {
    const context = await documentedApp();
    const { request } = context.app;
    const token = await aToken();
    const workflow = await aWorkflow(context.app, token);

    const cases: Case[] = [
      [ITEM, 'get', await request({ method: 'GET', url: url(workflow.id), token })],
      [ITEM, 'get', await request({ method: 'GET', url: url(workflow.id), token, headers: { 'if-none-match': '"1"' } })],
      [ITEM, 'get', await request({ method: 'GET', url: url(randomUUID()), token })],
      [ITEM, 'get', await request({ method: 'GET', url: url('not-a-uuid'), token })],
    ];

    expectAllConform(context, cases, [200, 304, 404, 404]);
  });

  it('for a PATCH: 200 and every refusal', async () => {
    const context = await documentedApp();
    const { app } = context;
    const { member } = anOrganization();
    const holder = await aWorkflow(app, await member(), { name: 'Held name' });
    const workflow = await aWorkflow(app, await member());
    const archived = await aWorkflow(app, await member());
    await post(app, await member(), archived.id, 'archive');
    const limited = await member();
    for (let attempt = 0; attempt < 3; attempt += 1) await patch(app, limited, workflow.id, {});

    const cases: Case[] = [
      [ITEM, 'patch', await patch(app, await member(), workflow.id, { name: 'Conforming rename' }, { 'if-match': '"1"' })],
      [ITEM, 'patch', await patch(app, await member(), workflow.id, { name: 'Bad header' }, { 'if-match': 'abc' })],
      [ITEM, 'patch', await patch(app, await member(), workflow.id, { name: 'held NAME' })],
      [ITEM, 'patch', await patch(app, await member(), archived.id, { name: 'Archived' })],
      [ITEM, 'patch', await patch(app, await member(), workflow.id, { name: 'Stale' }, { 'if-match': '"1"' })],
      [ITEM, 'patch', await app.request({ method: 'PATCH', url: url(workflow.id), token: await member(), headers: { 'if-match': '*', 'content-type': 'text/plain' }, payload: 'name' })],
      [ITEM, 'patch', await patch(app, await member(), workflow.id, { status: 'active' })],
      [ITEM, 'patch', await patch(app, await member(), workflow.id, { trigger_config: { cron: 'nope' } })],
      [ITEM, 'patch', await patch(app, await member(), workflow.id, { name: 'No precondition' }, {})],
      [ITEM, 'patch', await patch(app, await member(), randomUUID(), { name: 'Nobody' })],
      [ITEM, 'patch', await patch(app, await member(['org:workflows:read']), workflow.id, { name: 'Forbidden' })],
      [ITEM, 'patch', await patch(app, limited, workflow.id, { name: 'Over the limit' })],
    ];

    expectAllConform(context, cases, [200, 400, 409, 409, 412, 415, 422, 422, 428, 404, 403, 429]);
    expect(cases[2]?.[2].json()).toMatchObject({ existing_workflow_id: holder.id });
    expect(cases[3]?.[2].json()).toMatchObject({ code: 'WORKFLOW_ARCHIVED' });
  });

  it('for a PUT of a GET body', async () => {
    const context = await documentedApp();
    const { request } = context.app;
    const { member } = anOrganization();
    const workflow = await aWorkflow(context.app, await member());
    const read = (await request({ method: 'GET', url: url(workflow.id), token: await member() })).json<Record<string, unknown>>();

    const cases: Case[] = [
      [ITEM, 'put', await request({ method: 'PUT', url: url(workflow.id), token: await member(), headers: { 'if-match': '"1"' }, payload: { ...read, name: 'Replaced' } })],
      [ITEM, 'put', await request({ method: 'PUT', url: url(workflow.id), token: await member(), headers: { 'if-match': '"1"' }, payload: read })],
      [ITEM, 'put', await request({ method: 'PUT', url: url(workflow.id), token: await member(), payload: read })],
    ];

    expectAllConform(context, cases, [200, 412, 428]);
  });

  it('for a delete and a restore, including a restore into a taken name', async () => {
    const context = await documentedApp();
    const { app } = context;
    const { member } = anOrganization();
    const restorable = await aWorkflow(app, await member());
    const displaced = await aWorkflow(app, await member(), { name: 'Displaced' });
    const deleteAs = async (id: string) => app.request({ method: 'DELETE', url: url(id), token: await member() });

    const deletions: Case[] = [
      [ITEM, 'delete', await deleteAs(restorable.id)],
      [ITEM, 'delete', await deleteAs(displaced.id)],
      [ITEM, 'delete', await deleteAs(randomUUID())],
    ];
    await aWorkflow(app, await member(), { name: 'Displaced' });
    const restores: Case[] = [
      [`${ITEM}/restore`, 'post', await post(app, await member(), restorable.id, 'restore')],
      [`${ITEM}/restore`, 'post', await post(app, await member(), displaced.id, 'restore')],
      [`${ITEM}/restore`, 'post', await post(app, await member(), randomUUID(), 'restore')],
    ];

    expectAllConform(context, deletions, [204, 204, 404]);
    expectAllConform(context, restores, [200, 409, 404]);
  });

  it('for the lifecycle actions, including a transition the status does not allow', async () => {
    const context = await documentedApp();
    const { app } = context;
    const { member } = anOrganization();
    const workflow = await aWorkflow(app, await member());
    const bare = await aWorkflow(app, await member(), { trigger_type: null, trigger_config: {} });

    const cases: Case[] = [
      [`${ITEM}/activate`, 'post', await post(app, await member(), workflow.id, 'activate')],
      [`${ITEM}/pause`, 'post', await post(app, await member(), workflow.id, 'pause')],
      [`${ITEM}/archive`, 'post', await post(app, await member(), workflow.id, 'archive')],
      [`${ITEM}/activate`, 'post', await post(app, await member(), workflow.id, 'activate')],
      [`${ITEM}/unarchive`, 'post', await post(app, await member(), workflow.id, 'unarchive')],
      [`${ITEM}/activate`, 'post', await post(app, await member(), bare.id, 'activate')],
      [`${ITEM}/pause`, 'post', await post(app, await member(), randomUUID(), 'pause')],
    ];

    expectAllConform(context, cases, [200, 200, 200, 409, 200, 409, 404]);
    expect(cases[3]?.[2].json()).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', workflow_status: 'archived', allowed_actions: ['unarchive'] });
    expect(cases[5]?.[2].json()).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', workflow_status: 'draft', allowed_actions: ['archive'] });
  });
});

describe('OpenAPI document — trigger_config, one shape per trigger type', () => {
  const SHAPES = ['ManualTriggerConfig', 'WebhookTriggerConfig', 'ScheduleTriggerConfig', 'EventTriggerConfig'];
  const CONFIGS: readonly [string | null, Record<string, unknown>][] = [
    [null, {}],
    ['manual', {}],
    ['webhook', {}],
    ['webhook', { method: 'GET' }],
    ['schedule', { cron: '30 7 * * MON-FRI' }],
    ['schedule', { cron: '30 7 * * MON-FRI', timezone: 'Asia/Kathmandu' }],
    ['event', { event: 'invoice.paid' }],
  ];

  it.each(CONFIGS)('matches a %s configuration %j, as sent and as answered, by exactly one shape', async (type, config) => {
    const context = await documentedApp();
    const shapesOf = (value: unknown) => SHAPES.filter((name) => context.validator.validate({ $ref: `doc#/components/schemas/${name}` }, value));

    const response = await context.app.create({ name: `Shaped ${randomUUID()}`, trigger_type: type, trigger_config: config }, await aToken());

    expect(response.statusCode).toBe(201);
    expectConforms(context, COLLECTION, 'post', response);
    expect(shapesOf(config)).toHaveLength(1);
    expect(shapesOf(response.json<{ trigger_config: unknown }>().trigger_config)).toHaveLength(1);
  });

  it('documents the create body’s, the workflow’s and a version’s trigger_config as one of the shapes', async () => {
    const { document } = await documentedApp();
    const schemas = document.components.schemas as Record<string, { properties: Record<string, { oneOf?: { $ref: string }[] }> }>;
    const oneOf = (schema: string) => schemas[schema]?.properties.trigger_config?.oneOf?.map((shape) => shape.$ref.split('/').at(-1));

    expect(oneOf('CreateWorkflowRequest')).toEqual(SHAPES);
    expect(oneOf('WorkflowReplacement')).toEqual(SHAPES);
    expect(oneOf('Workflow')).toEqual(SHAPES);
    expect(oneOf('WorkflowVersion')).toEqual(SHAPES);
  });
});
