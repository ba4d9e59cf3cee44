import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { accountIdFromOrganization, userIdFromClerkUser } from '../../../src/shared/ids.js';
import {
  createDevTokenVerifier,
  DEV_ISSUER,
  DEV_PRIVATE_KEY_FILE,
  DEV_PUBLIC_KEY_FILE,
  loadOrCreateDevKeyPair,
  mintDevToken,
  PERMISSIONS,
  UnauthorizedError,
} from '../../../src/auth/index.js';

let dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  dirs = [];
});

async function aDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'auth-dev-issuer-'));
  dirs.push(dir);
  return dir;
}

async function aDevToken(dataDir: string, options: Partial<Parameters<typeof mintDevToken>[2]> = {}): Promise<string> {
  const { privateKey, keyId } = await loadOrCreateDevKeyPair(dataDir);
  return mintDevToken(privateKey, keyId, { org: 'acme', user: 'alice', permissions: ['org:workflows:create'], ...options });
}

describe('dev issuer key pair', () => {
  it('creates a private key readable by the owner only and its public key, creating the directory', async () => {
    const dataDir = join(await aDataDir(), 'nested', 'data');

    const keyPair = await loadOrCreateDevKeyPair(dataDir);

    expect(await readFile(join(dataDir, DEV_PUBLIC_KEY_FILE), 'utf8')).toBe(keyPair.publicKeyPem);
    expect(await readFile(join(dataDir, DEV_PRIVATE_KEY_FILE), 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    if (process.platform !== 'win32') {
      expect((await stat(join(dataDir, DEV_PRIVATE_KEY_FILE))).mode & 0o777).toBe(0o600);
    }
  });

  it('reuses the key pair it created', async () => {
    const dataDir = await aDataDir();
    const first = await loadOrCreateDevKeyPair(dataDir);
    const privateKeyPem = await readFile(join(dataDir, DEV_PRIVATE_KEY_FILE), 'utf8');

    const second = await loadOrCreateDevKeyPair(dataDir);

    expect(second.keyId).toBe(first.keyId);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
    expect(await readFile(join(dataDir, DEV_PRIVATE_KEY_FILE), 'utf8')).toBe(privateKeyPem);
  });

  it('gives one key pair to calls that race to create it, leaving no temporary file', async () => {
    const dataDir = await aDataDir();

    const keyPairs = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevKeyPair(dataDir)));

    expect(new Set(keyPairs.map((keyPair) => keyPair.keyId)).size).toBe(1);
    expect(new Set(keyPairs.map((keyPair) => keyPair.publicKeyPem)).size).toBe(1);
    expect((await readdir(dataDir)).sort()).toEqual([DEV_PRIVATE_KEY_FILE, DEV_PUBLIC_KEY_FILE]);
  });

  it('restores a missing or altered public key file from the private key', async () => {
    const dataDir = await aDataDir();
    const { publicKeyPem } = await loadOrCreateDevKeyPair(dataDir);
    await writeFile(join(dataDir, DEV_PUBLIC_KEY_FILE), 'stale');

    await loadOrCreateDevKeyPair(dataDir);

    expect(await readFile(join(dataDir, DEV_PUBLIC_KEY_FILE), 'utf8')).toBe(publicKeyPem);
  });

  it('refuses a private key file that is not a key, naming the file', async () => {
    const dataDir = await aDataDir();
    await writeFile(join(dataDir, DEV_PRIVATE_KEY_FILE), 'garbage');

    const loading = loadOrCreateDevKeyPair(dataDir);

    await expect(loading).rejects.toThrow(/dev-issuer-private\.pem is not a PEM RSA private key/);
  });
});

describe('dev tokens', () => {
  it('verify through the dev verifier with exactly the given permissions', async () => {
    const dataDir = await aDataDir();
    const permissions = ['org:workflows:create', 'org:workflows:read', 'org:audit:read'];
    const token = await aDevToken(dataDir, { permissions });

    const principal = await (await createDevTokenVerifier(dataDir)).verify(token);

    expect(principal).toMatchObject({
      userId: userIdFromClerkUser('user_alice'),
      userRef: 'user_alice',
      organization: {
        accountId: accountIdFromOrganization('org_acme'),
        organizationRef: 'org_acme',
        role: 'org:admin',
        permissions: new Set(permissions),
      },
    });
  });

  it('round-trip every permission of the product and custom ones', async () => {
    const dataDir = await aDataDir();
    const permissions = [...PERMISSIONS, 'org:billing:manage', 'org:sys_memberships:read'];
    const token = await aDevToken(dataDir, { permissions });

    const principal = await (await createDevTokenVerifier(dataDir)).verify(token);

    expect(principal.organization?.permissions).toEqual(new Set(permissions));
  });

  it('can carry no permission at all', async () => {
    const dataDir = await aDataDir();
    const token = await aDevToken(dataDir, { permissions: [] });

    const principal = await (await createDevTokenVerifier(dataDir)).verify(token);

    expect(principal.organization?.permissions).toEqual(new Set());
  });

  it('are shaped like Clerk session tokens v2', async () => {
    const dataDir = await aDataDir();
    const { keyId } = await loadOrCreateDevKeyPair(dataDir);
    const now = new Date('2030-01-01T00:00:00Z');

    const token = await aDevToken(dataDir, { now, ttlSeconds: 60, role: 'member', permissions: ['org:workflows:read'] });

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: keyId, typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      v: 2,
      iss: DEV_ISSUER,
      sub: 'user_alice',
      sts: 'active',
      iat: now.getTime() / 1000,
      nbf: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 60,
      fea: 'o:workflows',
      o: { id: 'org_acme', slg: 'acme', rol: 'member', per: 'read', fpm: '1' },
    });
    expect(claims.sid).toMatch(/^sess_[0-9a-f]{32}$/);
    expect(claims).not.toHaveProperty('azp');
  });

  it('keep ids that already carry their prefix and accept an org: role', async () => {
    const dataDir = await aDataDir();
    const token = await aDevToken(dataDir, { org: 'org_2abc', user: 'user_2xyz', role: 'org:member' });

    const principal = await (await createDevTokenVerifier(dataDir)).verify(token);

    expect(principal).toMatchObject({ userRef: 'user_2xyz', organization: { organizationRef: 'org_2abc', role: 'org:member' } });
  });

  it('expire after their time to live', async () => {
    const dataDir = await aDataDir();
    const token = await aDevToken(dataDir, { now: new Date(Date.now() - 120_000), ttlSeconds: 60 });

    const verification = (await createDevTokenVerifier(dataDir)).verify(token);

    await expect(verification).rejects.toMatchObject({ reason: 'TOKEN_EXPIRED' });
  });

  it('from another data directory are refused', async () => {
    const token = await aDevToken(await aDataDir());

    const verification = (await createDevTokenVerifier(await aDataDir())).verify(token);

    await expect(verification).rejects.toThrow(UnauthorizedError);
  });

  it.each([['workflows:create'], ['org:workflows'], ['org:work flows:read'], ['user:workflows:read'], ['org:a:b:c']])(
    'cannot carry the permission %j',
    async (permission) => {
      const minting = aDevToken(await aDataDir(), { permissions: [permission] });

      await expect(minting).rejects.toThrow(/not of the form org:<feature>:<permission>/);
    },
  );

  it.each([
    ['an empty org', { org: '' }, /org/],
    ['a user with spaces', { user: 'alice smith' }, /user/],
    ['a zero ttl', { ttlSeconds: 0 }, /ttl/],
    ['a fractional ttl', { ttlSeconds: 1.5 }, /ttl/],
  ])('cannot be minted with %s', async (_label, options, message) => {
    const minting = aDevToken(await aDataDir(), options);

    await expect(minting).rejects.toThrow(message);
  });
});
