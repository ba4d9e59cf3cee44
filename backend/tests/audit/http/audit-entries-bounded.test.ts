import { afterAll, describe, expect, it } from 'vitest';
import { wireChanges } from '../../../src/audit/infrastructure/earlier-changes.js';
import { aTestApp, aToken, aWorkflowBody, signClaims } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';

afterAll(closeSharedDatabases);

describe('audit entries stay readable whatever a request carried', () => {
  it('keeps no client address when a trusted proxy forwards something that is not one', async () => {
    const { request } = await aTestApp({ trustProxy: 1 });
    const token = await aToken();
    await request({ method: 'POST', url: '/api/v1/workflows', token, headers: { 'x-forwarded-for': 'a'.repeat(100) }, payload: aWorkflowBody() });

    const entries = await request({ method: 'GET', url: '/api/v1/audit-logs', token });

    expect(entries.statusCode).toBe(200);
    expect(entries.json()).toMatchObject({ data: [{ action: 'workflow.created', ip: null }] });
  });

  it('lists an entry whose user id from the identity provider is long', async () => {
    const { request } = await aTestApp();
    const token = await signClaims({ sub: `user_${'x'.repeat(400)}`, o: { id: `org_${'y'.repeat(8)}`, rol: 'admin', per: 'read,create', fpm: '3,3' }, fea: 'o:audit,o:workflows', v: 2 });
    const created = await request({ method: 'POST', url: '/api/v1/workflows', token, payload: aWorkflowBody() });

    const entries = await request({ method: 'GET', url: '/api/v1/audit-logs', token });

    expect(created.statusCode).toBe(201);
    expect(entries.statusCode).toBe(200);
    expect(entries.json<{ data: { actor_ref: string }[] }>().data[0]?.actor_ref).toHaveLength(255);
  });

  it('refuses a time bound no entry can have rather than fail on it', async () => {
    const { request } = await aTestApp();
    const token = await aToken();

    const response = await request({ method: 'GET', url: '/api/v1/audit-logs?occurred_after=0000-01-01T00:00:00Z', token });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', errors: [{ path: 'occurred_after' }] });
  });
});

describe('entries written before wire-format snapshots', () => {
  it('read as the API returns a workflow', () => {
    const earlier = {
      after: { id: 'w1', accountId: 'a1', name: 'n', description: '', status: 'draft', trigger: { type: 'manual', config: {} }, version: 1, createdBy: 'u1', updatedBy: 'u1', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
    };

    const changes = wireChanges('workflow', earlier);

    expect(changes).toEqual({
      before: null,
      after: { id: 'w1', account_id: 'a1', name: 'n', description: '', status: 'draft', trigger_type: 'manual', trigger_config: {}, version: 1, created_by: 'u1', updated_by: 'u1', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', deleted_at: null },
    });
  });

  it('leave entries already in the wire format as they are', () => {
    const current = { before: null, after: { id: 'w1', account_id: 'a1' } };

    expect(wireChanges('workflow', current)).toBe(current);
  });
});
