import { createHmac, randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { createTokenVerifier, DEV_ISSUER } from '../../../src/auth/index.js';
import { workflowsContext, workflowsModule } from '../../../src/workflows/index.js';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import { aTestApp, aToken, aWorkflowBody, devKeys, signClaims } from '../../support/app.js';
import { closeSharedDatabases, sharedDatabase } from '../../support/database.js';
import { expectProblem } from '../../support/problems.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const v2Organization = (id: string) => ({ o: { id, rol: 'admin', slg: id, per: 'create,read', fpm: '3' }, fea: 'o:workflows', v: 2 });

async function expectUnauthorized(token: string) {
  const { create } = await aTestApp();
  const response = await create(aWorkflowBody(), token);
  expectProblem(response, 401, 'UNAUTHORIZED');
  expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
}

describe('POST /api/v1/workflows — authentication', () => {
  it('refuses a request without a token', async () => {
    const { request } = await aTestApp();

    const response = await request({ method: 'POST', url: '/api/v1/workflows', payload: aWorkflowBody() });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="workflow-service"');
  });

  it.each([
    ['another scheme', 'Basic YWxpY2U6c2VjcmV0'],
    ['the scheme alone', 'Bearer'],
  ])('answers a request that sent no bearer token (%s) with a bare challenge', async (_case, authorization) => {
    const { request } = await aTestApp();

    const response = await request({ method: 'POST', url: '/api/v1/workflows', headers: { authorization }, payload: aWorkflowBody() });

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="workflow-service"');
  });

  it('names invalid_token in the challenge when a token came and failed', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), 'a.b.c');

    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="workflow-service", error="invalid_token"');
  });

  it.each(['garbage', 'a.b.c', 'x'.repeat(9000), 'eyJhbGciOiJSUzI1NiJ9.e30.'])('refuses the garbage token %#', async (token) => {
    await expectUnauthorized(token);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ iss: DEV_ISSUER, sub: 'user_a', sid: 'sess_a', exp: now() + 60, iat: now(), ...v2Organization('org_a') })}.`;

    await expectUnauthorized(token);
  });

  it('refuses an HS256 token signed with the public key as secret', async () => {
    const { pair } = await devKeys();
    const header = base64url({ alg: 'HS256', typ: 'JWT', kid: pair.keyId });
    const payload = base64url({ iss: DEV_ISSUER, sub: 'user_a', sid: 'sess_a', exp: now() + 60, iat: now(), ...v2Organization('org_a') });
    const signature = createHmac('sha256', pair.publicKeyPem).update(`${header}.${payload}`).digest('base64url');

    await expectUnauthorized(`${header}.${payload}.${signature}`);
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateKeyPair('RS256');
    const token = await new SignJWT({ sid: 'sess_a', ...v2Organization('org_a') })
      .setProtectedHeader({ alg: 'RS256', kid: (await devKeys()).pair.keyId })
      .setIssuer(DEV_ISSUER)
      .setSubject('user_a')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(other.privateKey);

    await expectUnauthorized(token);
  });

  it('refuses an expired token', async () => {
    await expectUnauthorized(await signClaims({ ...v2Organization('org_a'), iat: now() - 120, nbf: now() - 120, exp: now() - 30 }));
  });

  it('refuses a token not valid yet', async () => {
    await expectUnauthorized(await signClaims({ ...v2Organization('org_a'), iat: now(), nbf: now() + 60, exp: now() + 120 }));
  });

  it('refuses a token from another issuer', async () => {
    await expectUnauthorized(await signClaims({ ...v2Organization('org_a'), iss: 'https://evil.example.com' }));
  });

  it('refuses a token without a session', async () => {
    await expectUnauthorized(await signClaims({ ...v2Organization('org_a'), sid: undefined }));
  });

  it('refuses a pending session', async () => {
    await expectUnauthorized(await signClaims({ ...v2Organization('org_a'), sts: 'pending' }));
  });
});

describe('POST /api/v1/workflows — authorized parties', () => {
  const appWithParties = async () => {
    const database = await sharedDatabase('pglite');
    const { pair } = await devKeys();
    const verifier = createTokenVerifier({ key: { kind: 'pem', pem: pair.publicKeyPem }, issuer: DEV_ISSUER, authorizedParties: ['https://app.example.com'] });
    return buildApp({ logger: false, readiness: { database: () => database.ping() }, modules: [await workflowsModule(workflowsContext({ database, verifier }))] });
  };
  const post = async (token: string) =>
    (await appWithParties()).inject({ method: 'POST', url: '/api/v1/workflows', headers: { authorization: `Bearer ${token}` }, payload: aWorkflowBody() });

  it('accepts a token from an allowed party', async () => {
    const response = await post(await signClaims({ ...v2Organization(`org_${randomUUID()}`), azp: 'https://app.example.com' }));

    expect(response.statusCode).toBe(201);
  });

  it('refuses a token from a foreign party', async () => {
    const response = await post(await signClaims({ ...v2Organization('org_a'), azp: 'https://evil.example.com' }));

    expect(response.statusCode).toBe(401);
  });

  it('refuses a token without azp when parties are configured', async () => {
    const response = await post(await signClaims(v2Organization('org_a')));

    expect(response.statusCode).toBe(401);
  });
});

describe('POST /api/v1/workflows — organizations and permissions', () => {
  it('accepts a v1 session token with org_permissions', async () => {
    const { create } = await aTestApp();
    const org = `org_${randomUUID()}`;

    const response = await create(aWorkflowBody(), await signClaims({ org_id: org, org_role: 'org:admin', org_permissions: ['org:workflows:create'] }));

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ account_id: accountIdFromOrganization(org) });
  });

  it('accepts a v2 session token whose fpm grants the permission', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), await signClaims({ ...v2Organization(`org_${randomUUID()}`), o: { id: `org_${randomUUID()}`, rol: 'member', per: 'read,create', fpm: '2' } }));

    expect(response.statusCode).toBe(201);
  });

  it('answers 403 to a token without an active organization', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), await signClaims({ v: 2 }));

    expectProblem(response, 403, 'FORBIDDEN');
  });

  it('answers 403 to a member without the create permission', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), await aToken({ permissions: ['org:workflows:read'] }));

    expect(response.statusCode).toBe(403);
  });

  it('answers 403 when a user-scoped feature carries the permission', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), await signClaims({ v: 2, fea: 'u:workflows', o: { id: 'org_a', rol: 'admin', per: 'create', fpm: '1' } }));

    expect(response.statusCode).toBe(403);
  });

  it('answers 403 when the permission claims are malformed, never 500', async () => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody(), await signClaims({ v: 2, fea: 42, o: { id: 'org_a', per: ['create'], fpm: 'x' } }));

    expect(response.statusCode).toBe(403);
  });

  it('writes nothing for a refused request', async () => {
    const { create, database } = await aTestApp();
    const org = `org_${randomUUID()}`;

    const response = await create(aWorkflowBody(), await signClaims({ org_id: org, org_role: 'org:member', org_permissions: ['org:workflows:read'] }));

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const rows = await queryRows<{ n: number }>(database, sql`select count(*)::int as n from audit_logs where account_id = ${accountIdFromOrganization(org)}`);
    expect(rows[0]?.n).toBe(0);
  });
});

describe('POST /api/v1/workflows — tenant isolation', () => {
  it.each([
    ['status', 'active'],
    ['account_id', randomUUID()],
    ['id', randomUUID()],
    ['version', 7],
    ['created_by', randomUUID()],
  ])('refuses a body that sets %s', async (member, value) => {
    const { create } = await aTestApp();

    const response = await create(aWorkflowBody({ [member]: value }), await aToken());

    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ path: member, code: 'UNKNOWN_FIELD' }] });
  });

  it('does not reveal a workflow to another account', async () => {
    const { create, request } = await aTestApp();
    const created = await create(aWorkflowBody(), await aToken({ org: 'owner' }));

    const response = await request({ method: 'GET', url: created.headers.location as string, token: await aToken({ org: 'intruder' }) });

    expect(response.statusCode).toBe(404);
  });

  it('takes the account from the token, whatever the headers say', async () => {
    const { request } = await aTestApp();
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });

    const response = await request({ method: 'POST', url: '/api/v1/workflows', token, headers: { 'x-account-id': randomUUID(), 'x-org-id': 'org_other' }, payload: aWorkflowBody() });

    expect(response.statusCode).toBe(201);
    expect(response.json<{ account_id: string }>().account_id).toBe(accountIdFromOrganization(org));
  });

  it('requires the read permission to read', async () => {
    const { create, request } = await aTestApp();
    const created = await create(aWorkflowBody(), await aToken({ org: 'solo' }));

    const response = await request({ method: 'GET', url: created.headers.location as string, token: await aToken({ org: 'solo', permissions: ['org:workflows:create'] }) });

    expect(response.statusCode).toBe(403);
  });
});
