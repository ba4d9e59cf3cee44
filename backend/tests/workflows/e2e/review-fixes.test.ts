import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { createTokenVerifier } from '../../../src/auth/index.js';
import { wireWorkflows } from '../../../src/composition-root.js';
import { aTestApp, aToken, aWorkflowBody } from '../../support/app.js';
import { closeSharedDatabases, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

describe('problem details', () => {
  it('reports an unknown trigger_config key at the path the client sent, bounded in length', async () => {
    const { create } = await aTestApp();
    const longKey = `k${'x'.repeat(300)}`;

    const response = await create({ name: 'x', trigger_type: 'manual', trigger_config: { fooBar: 1 } }, await aToken());
    const long = await create({ name: 'x', [longKey]: 1 }, await aToken());

    expect(response.json()).toMatchObject({ errors: [{ path: 'trigger_config.fooBar' }] });
    const [error] = long.json<{ errors: { path: string }[] }>().errors;
    expect(error?.path.length).toBeLessThanOrEqual(200);
  });

  it('bounds a message that echoes a long cron expression', async () => {
    const { create } = await aTestApp();

    const response = await create({ name: 'x', trigger_type: 'schedule', trigger_config: { cron: `${'9'.repeat(3000)} * * * *` } }, await aToken());

    const [error] = response.json<{ errors: { path: string; message: string }[] }>().errors;
    expect(error?.path).toBe('trigger_config.cron');
    expect(error?.message.length).toBeLessThanOrEqual(500);
  });

  it('names the identity provider, not the database, when the key server is down', async () => {
    const database = await sharedDatabase('pglite');
    const verifier = createTokenVerifier({ key: { kind: 'jwks', url: 'http://127.0.0.1:1/jwks.json', timeoutMs: 500 } });
    const app = await buildApp({ logger: false, readiness: {}, workflows: wireWorkflows({ database, verifier }) });

    const response = await app.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${await aToken()}` }, payload: aWorkflowBody() });

    expect(response.statusCode).toBe(503);
    expect(response.json<{ detail: string }>().detail).toMatch(/^identity provider is unavailable/);
  });
});
