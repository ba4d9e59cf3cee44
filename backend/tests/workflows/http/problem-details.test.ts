import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { createTokenVerifier } from '../../../src/auth/index.js';
import { workflowsContext, workflowsModule } from '../../../src/workflows/index.js';
import { aTestApp, aToken, aWorkflowBody } from '../../support/app.js';
import { closeSharedDatabases, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

interface FieldErrors {
  readonly errors: readonly { readonly path: string; readonly message: string }[];
}

describe('problem details', () => {
  it('reports an unknown trigger_config key at the path the client sent', async () => {
    const { create } = await aTestApp();

    const response = await create({ name: 'x', trigger_type: 'manual', trigger_config: { fooBar: 1 } }, await aToken());

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ path: 'trigger_config.fooBar' }] });
  });

  it('bounds the path of an over-long unknown key', async () => {
    const { create } = await aTestApp();

    const response = await create({ name: 'x', [`k${'x'.repeat(300)}`]: 1 }, await aToken());

    const [error] = response.json<FieldErrors>().errors;
    expect(error?.path.length).toBeLessThanOrEqual(200);
  });

  it('bounds a message that echoes a long cron expression', async () => {
    const { create } = await aTestApp();

    const response = await create({ name: 'x', trigger_type: 'schedule', trigger_config: { cron: `${'9'.repeat(3000)} * * * *` } }, await aToken());

    const [error] = response.json<FieldErrors>().errors;
    expect(error?.path).toBe('trigger_config.cron');
    expect(error?.message.length).toBeLessThanOrEqual(500);
  });

  it('names the identity provider, not the database, when the key server is down', async () => {
    const database = await sharedDatabase('pglite');
    const verifier = createTokenVerifier({ key: { kind: 'jwks', url: 'http://127.0.0.1:1/jwks.json', timeoutMs: 500 } });
    const app = await buildApp({ logger: false, readiness: {}, modules: [await workflowsModule(workflowsContext({ database, verifier }))] });

    const response = await app.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${await aToken()}` }, payload: aWorkflowBody() });

    expect(response.statusCode).toBe(503);
    expect(response.json<{ detail: string }>().detail).toMatch(/^identity provider is unavailable/);
    await app.close();
  });
});
