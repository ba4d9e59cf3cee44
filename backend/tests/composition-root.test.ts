import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevKeyPair, mintDevToken } from '../src/auth/index.js';
import { createVerifier, openDatabase, prepareSchema, SchemaBehindError } from '../src/composition-root.js';
import { loadConfig } from '../src/config.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from './support/database.js';

afterAll(closeSharedDatabases);

describe('composition root', () => {
  it('opens the embedded database in DATA_DIR and migrates it once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-root-'));
    const database = await openDatabase(loadConfig({ DATA_DIR: dataDir }));

    try {
      const first = await prepareSchema(database);
      const second = await prepareSchema(database);

      expect(first).toEqual(['0001_workflows_and_audit_logs']);
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

  it('refuses to serve on a database whose schema is behind', async () => {
    const name = `workflow_schema_${randomUUID().replaceAll('-', '')}`;
    await rawQuery(url, `CREATE DATABASE ${name}`);
    const freshUrl = new URL(url);
    freshUrl.pathname = `/${name}`;
    const fresh = await openDatabase(loadConfig({ DATABASE_URL: freshUrl.toString() }));

    try {
      await expect(prepareSchema(fresh)).rejects.toThrow(SchemaBehindError);
    } finally {
      await fresh.close();
      await rawQuery(url, `DROP DATABASE IF EXISTS ${name}`);
    }
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
