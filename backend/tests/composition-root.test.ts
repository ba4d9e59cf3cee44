import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevKeyPair, mintDevToken } from '../src/auth/index.js';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { composeRuntime, createVerifier, openDatabase, prepareSchema, ratePolicies, rateLimitStore, SchemaBehindError } from '../src/composition-root.js';
import { createRedisClient } from '../src/rate-limit/redis-client.js';
import type { Database } from '../src/shared/database.js';
import { loadSchema, migrate } from '../src/shared/migrate.js';
import { loadConfig } from '../src/config.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from './support/database.js';
import { redisUrl, targetOf } from './support/redis.js';
import { caught } from './support/caught.js';
import { freePort } from './support/free-port.js';
import { startTcpProxy } from './support/tcp-proxy.js';

afterAll(closeSharedDatabases);

describe('composition root', () => {
  it('opens the embedded database in DATA_DIR, migrates it and applies its function definitions once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-root-'));
    const database = await openDatabase(loadConfig({ DATA_DIR: dataDir }));

    try {
      const first = await prepareSchema(database);
      const second = await prepareSchema(database);

      expect(first).toEqual([
        '0001_workflows_and_audit_logs', '0002_workflow_name_key', '0003_workflow_create_function', '0004_workflow_changes', '0005_audit_changes_wire_format', '0006_audit_log_queries', '0007_list_snapshots', '0008_cursor_key', '0009_drop_workflow_create',
        'workflows/sql/workflow_insert.sql', 'workflows/sql/workflow_record_change.sql', 'workflows/sql/workflow_save.sql',
      ]);
      expect(second).toEqual([]);
      expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('verifies dev tokens in dev mode', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-root-'));
    const keys = await loadOrCreateDevKeyPair(dataDir);
    const token = await mintDevToken(keys.privateKey, keys.keyId, { org: 'acme', user: 'alice', permissions: ['org:workflows:read'] });

    const verifier = await createVerifier({ mode: 'dev' }, dataDir);

    await expect(verifier.verify(token)).resolves.toMatchObject({ userRef: 'user_alice' });
  });

  it('verifies Clerk tokens with the configured PEM key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-root-'));
    const keys = await loadOrCreateDevKeyPair(dataDir);
    const token = await mintDevToken(keys.privateKey, keys.keyId, { org: 'acme', user: 'bob', permissions: [] });

    const verifier = await createVerifier({ mode: 'clerk', jwtKey: keys.publicKeyPem, jwksUrl: undefined, issuer: undefined, authorizedParties: undefined }, dataDir);

    await expect(verifier.verify(token)).resolves.toMatchObject({ userRef: 'user_bob' });
  });

  it('reaches for the JWKS endpoint when no PEM key is configured', async () => {
    const verifier = await createVerifier({ mode: 'clerk', jwtKey: undefined, jwksUrl: 'http://127.0.0.1:1/jwks.json', issuer: undefined, authorizedParties: undefined }, tmpdir());
    const keys = await loadOrCreateDevKeyPair(mkdtempSync(join(tmpdir(), 'workflow-service-root-')));
    const token = await mintDevToken(keys.privateKey, keys.keyId, { org: 'acme', user: 'carol', permissions: [] });

    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});

describe.runIf(databaseKinds().includes('postgres'))('composition root on PostgreSQL', () => {
  const url = process.env.DATABASE_URL ?? '';

  it('serves on a migrated database', async () => {
    await sharedDatabase('postgres');
    const database = await openDatabase(loadConfig({ DATABASE_URL: url }));

    try {
      await expect(prepareSchema(database)).resolves.toEqual([]);
    } finally {
      await database.close();
    }
  });

  /** `use` on a database of its own, created empty and dropped afterwards. */
  async function onFreshDatabase(use: (database: Database) => Promise<void>): Promise<void> {
    const name = `workflow_schema_${randomUUID().replaceAll('-', '')}`;
    await rawQuery(url, `CREATE DATABASE ${name}`);
    const freshUrl = new URL(url);
    freshUrl.pathname = `/${name}`;
    const fresh = await openDatabase(loadConfig({ DATABASE_URL: freshUrl.toString() }));
    try {
      await use(fresh);
    } finally {
      await fresh.close();
      await rawQuery(url, `DROP DATABASE IF EXISTS ${name}`);
    }
  }

  it('refuses to serve on a database whose schema is behind', async () => {
    await onFreshDatabase(async (fresh) => {
      await expect(prepareSchema(fresh)).rejects.toThrow(SchemaBehindError);
    });
  });

  it('refuses to serve on a database whose functions are older than its code, naming them', async () => {
    await onFreshDatabase(async (fresh) => {
      const schema = await loadSchema();
      await migrate(fresh, { ...schema, repeatables: schema.repeatables.map((repeatable) => ({ ...repeatable, checksum: 'an earlier text' })) });

      const error = await caught(() => prepareSchema(fresh), SchemaBehindError);

      expect(error.message).toContain(`(pending migrations and function definitions: ${schema.repeatables.map((repeatable) => repeatable.name).join(', ')})`);
      expect(error.message).toContain('workflows/sql/workflow_insert.sql');
    });
  });
});

async function rawQuery(url: string, statement: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('runtime', () => {
  const logger = pino({ level: 'silent' });

  it('wires the workflows module with the configured limits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-runtime-'));
    const runtime = await composeRuntime(loadConfig({ DATA_DIR: dataDir, FEATURE_WORKFLOW_RATE_LIMIT: '1/60s', WORKFLOW_RATE_LIMIT_ACCOUNT: 'off' }), logger);

    try {
      const app = await buildApp(runtime.dependencies);
      const keys = await loadOrCreateDevKeyPair(dataDir);
      const token = await mintDevToken(keys.privateKey, keys.keyId, { org: 'acme', user: 'alice', permissions: ['org:workflows:create'] });
      const create = (name: string) => app.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${token}` }, payload: { name } });

      expect((await create('one')).statusCode).toBe(201);
      expect((await create('two')).headers['ratelimit-policy']).toBe('"user";q=1;w=60');
      expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
    } finally {
      await runtime.close();
    }
  });

  it('mints dev tokens over HTTP in dev issuer mode, and only there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-runtime-'));
    const runtime = await composeRuntime(loadConfig({ DATA_DIR: dataDir }), logger);
    const clerk = await buildApp({ ...runtime.dependencies, devIssuer: undefined });

    try {
      const app = await buildApp(runtime.dependencies);
      const minted = await app.inject({ method: 'POST', url: '/dev/token', payload: { org: 'acme', user: 'dora', permissions: ['org:workflows:create'] } });
      const { token } = minted.json<{ token: string }>();
      const created = await app.inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${token}` }, payload: { name: `Minted ${randomUUID()}` } });
      const absent = await clerk.inject({ method: 'POST', url: '/dev/token', payload: { org: 'acme', user: 'dora', permissions: [] } });
      const probe = await app.inject({ method: 'GET', url: '/dev/token' });
      const probeAbsent = await clerk.inject({ method: 'GET', url: '/dev/token' });
      const refused = await app.inject({ method: 'POST', url: '/dev/token', payload: { org: 'acme corp', user: 'dora', permissions: ['admin'] } });

      expect(minted.statusCode).toBe(200);
      expect(created.statusCode).toBe(201);
      expect(absent.statusCode).toBe(404);
      expect(probe.json()).toEqual({ issuer: 'https://dev-issuer.workflow-service.local' });
      expect(probeAbsent.statusCode).toBe(404);
      expect(refused.statusCode).toBe(422);
      expect(refused.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual(['org', 'permissions.0']);
    } finally {
      await runtime.close();
    }
  });

  it('leaves the workflows module out when its flag is off, and every limit off when both are', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-runtime-'));
    const runtime = await composeRuntime(loadConfig({ DATA_DIR: dataDir, FEATURE_WORKFLOWS_ENABLED: 'false' }), logger);
    const limitless = ratePolicies(loadConfig({ FEATURE_WORKFLOW_RATE_LIMIT: 'off', WORKFLOW_RATE_LIMIT_ACCOUNT: 'off' }).rateLimit);

    try {
      expect(runtime.dependencies.modules.flatMap((module) => Object.keys(module.operations))).toEqual(['listAuditLogs']);
      expect(limitless).toEqual([]);
    } finally {
      await runtime.close();
    }
  });
});

describe('readiness while Redis is down', () => {
  const readyWithRedisDown = async (mode: 'open' | 'closed') => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-runtime-'));
    // On PostgreSQL when there is one (quicker to open than a fresh embedded database); the database is not the point.
    const database = process.env.DATABASE_URL === undefined ? {} : { DATABASE_URL: process.env.DATABASE_URL };
    const env = { DATA_DIR: dataDir, ...database, REDIS_URL: `redis://127.0.0.1:${String(await freePort())}`, RATE_LIMIT_ON_STORE_ERROR: mode };
    const runtime = await composeRuntime(loadConfig(env), pino({ level: 'silent' }));
    try {
      const app = await buildApp(runtime.dependencies);
      return await app.inject({ method: 'GET', url: '/readyz' });
    } finally {
      await runtime.close();
    }
  };

  it('answers 200 with redis "degraded" when limits fail open, so a load balancer keeps the instance', async () => {
    const ready = await readyWithRedisDown('open');

    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'degraded' } });
  });

  it('answers 503 with redis "unavailable" when limits fail closed', async () => {
    const ready = await readyWithRedisDown('closed');

    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', checks: { database: 'ok', redis: 'unavailable' } });
  });
});

describe.runIf(redisUrl() !== undefined)('runtime on Redis', () => {
  it('checks Redis for readiness and counts limits there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-runtime-'));
    const runtime = await composeRuntime(loadConfig({ DATA_DIR: dataDir, REDIS_URL: redisUrl() }), pino({ level: 'silent' }));

    try {
      const app = await buildApp(runtime.dependencies);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ready = await app.inject({ method: 'GET', url: '/readyz' });

      expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
    } finally {
      await runtime.close();
    }
  });

  it('logs when the Redis store fails and when it recovers', async () => {
    const messages: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => messages.push((JSON.parse(line) as { msg: string }).msg) });
    const { host, port } = targetOf(redisUrl() ?? '');
    const proxy = await startTcpProxy(port, host);
    const redis = createRedisClient(`redis://127.0.0.1:${proxy.port}`);
    const shared = rateLimitStore({ user: null, account: null, onStoreError: 'open' }, redis, logger);
    const policy = { name: 'user', limit: 1, windowSeconds: 60 } as const;
    const ready = () => new Promise<void>((resolve) => redis.once('ready', () => { resolve(); }));

    try {
      await ready();
      await shared.consume([{ policy, key: randomUUID() }]);
      await proxy.refuse();
      await shared.consume([{ policy, key: randomUUID() }]);
      await shared.consume([{ policy, key: randomUUID() }]);
      const reconnected = ready();
      await proxy.restore();
      await reconnected;
      // The store is probed again once its probe interval (1 s) has passed.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await shared.consume([{ policy, key: randomUUID() }]);

      expect(messages).toEqual(['rate-limit store unavailable', 'rate-limit store recovered']);
    } finally {
      redis.disconnect();
      await proxy.close();
    }
  });
});
