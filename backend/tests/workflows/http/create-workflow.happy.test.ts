import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflowBody } from '../../support/app.js';
import { capturingLogger } from '../../support/log-capture.js';
import { closeSharedDatabases, databaseKinds } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

describe('POST /api/v1/workflows — happy path', () => {
  it('creates a draft workflow and answers 201 with its location', async () => {
    const { create } = await aTestApp();
    const body = aWorkflowBody({ name: 'Invoice paid → Slack', trigger_type: 'event', trigger_config: { event: 'invoice.paid' } });

    const response = await create(body, await aToken());

    expect(response.statusCode).toBe(201);
    const workflow = response.json<Record<string, unknown>>();
    expect(response.headers.location).toBe(`/api/v1/workflows/${String(workflow.id)}`);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(workflow).toMatchObject({
      name: 'Invoice paid → Slack',
      description: 'Posts a digest to Slack',
      status: 'draft',
      trigger_type: 'event',
      trigger_config: { event: 'invoice.paid' },
      version: 1,
      allowed_actions: ['activate', 'archive'],
    });
    expect(Object.keys(workflow).sort()).toEqual(
      ['account_id', 'allowed_actions', 'created_at', 'created_by', 'deleted_at', 'description', 'id', 'name', 'status', 'trigger_config', 'trigger_type', 'updated_at', 'updated_by', 'version'],
    );
  });

  it('fills the defaults of a minimal body', async () => {
    const { create } = await aTestApp();

    const response = await create({ name: 'Minimal' }, await aToken());

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ description: '', trigger_type: null, trigger_config: {} });
  });

  it('applies the default webhook method and schedule time zone', async () => {
    const { create } = await aTestApp();
    const token = await aToken();

    const webhook = await create({ name: 'Hook', trigger_type: 'webhook' }, token);
    const schedule = await create({ name: 'Tick', trigger_type: 'schedule', trigger_config: { cron: '*/5 * * * *' } }, token);

    expect(webhook.json()).toMatchObject({ trigger_config: { method: 'POST' } });
    expect(schedule.json()).toMatchObject({ trigger_config: { cron: '*/5 * * * *', timezone: 'UTC' } });
  });

  it('stores a time zone written in another case under its IANA spelling', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody({ trigger_config: { cron: '0 2 * * *', timezone: 'EUROPE/PARIS' } }), await aToken());

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ trigger_config: { timezone: 'Europe/Paris' } });
  });

  it('returns the created workflow from its location', async () => {
    const { create, request } = await aTestApp();
    const token = await aToken();
    const created = await create(aWorkflowBody(), token);

    const response = await request({ method: 'GET', url: created.headers.location as string, token });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(created.json());
  });

  it('accepts a JSON body with an explicit UTF-8 charset', async () => {
    const { request } = await aTestApp();

    const response = await request({
      method: 'POST',
      url: '/api/v1/workflows',
      token: await aToken(),
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ name: 'Charset' }),
    });

    expect(response.statusCode).toBe(201);
  });

  it('sends the request id and the API headers on every response', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), await aToken());

    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('makes its own request id when the caller is not a trusted proxy, and logs the caller’s beside it', async () => {
    const capture = capturingLogger();
    const { request } = await aTestApp({ logger: capture.logger });

    const response = await request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-42.a_b' } });

    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(capture.lines).toContainEqual(expect.objectContaining({ reqId: response.headers['x-request-id'], client_request_id: 'trace-42.a_b', msg: 'request completed' }));
  });

  it('keeps a safe request id from a trusted proxy and replaces an unsafe one', async () => {
    const { request } = await aTestApp({ trustProxy: ['127.0.0.1'] });

    const safe = await request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-42.a_b' } });
    const unsafe = await request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'evil\u0007id with spaces' } });

    expect(safe.headers['x-request-id']).toBe('trace-42.a_b');
    expect(unsafe.headers['x-request-id']).not.toContain('evil');
  });

  it('does not take a request id from a peer outside the trusted proxies', async () => {
    const { request } = await aTestApp({ trustProxy: ['127.0.0.2'] });

    const response = await request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-42.a_b' } });

    expect(response.headers['x-request-id']).not.toBe('trace-42.a_b');
  });
});

describe.each(databaseKinds())('POST /api/v1/workflows — audit, on %s', (kind) => {
  const createWithRequestId = async (app: Awaited<ReturnType<typeof aTestApp>>) => {
    const response = await app.request({
      method: 'POST',
      url: '/api/v1/workflows',
      token: await aToken(),
      headers: { 'user-agent': 'console/1.0', 'x-request-id': 'req-audit-1' },
      payload: aWorkflowBody(),
    });
    const id = response.json<{ id: string }>().id;
    const rows = await queryRows(app.database, sql`select request_id, ip, user_agent, action from audit_logs where entity_id = ${id}`);
    return { response, rows };
  };

  it('records the service’s request id, caller address and user agent in the audit row', async () => {
    const { response, rows } = await createWithRequestId(await aTestApp({ kind }));

    expect(rows).toEqual([{ request_id: response.headers['x-request-id'], ip: '127.0.0.1', user_agent: 'console/1.0', action: 'workflow.created' }]);
    expect(rows[0]?.request_id).not.toBe('req-audit-1');
  });

  it('records the request id a trusted proxy assigned', async () => {
    const { rows } = await createWithRequestId(await aTestApp({ kind, trustProxy: 1 }));

    expect(rows).toEqual([{ request_id: 'req-audit-1', ip: '127.0.0.1', user_agent: 'console/1.0', action: 'workflow.created' }]);
  });
});

describe('operations endpoints', () => {
  it('answers liveness', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/healthz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness when the database is reachable', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'GET', url: '/readyz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });
});
