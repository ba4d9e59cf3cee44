import { CompactSign, generateKeyPair, importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountIdFromOrganization, userIdFromClerkUser } from '../../../src/shared/ids.js';
import { createTokenVerifier, UnauthorizedError, type TokenVerifier, type UnauthorizedReason } from '../../../src/auth/index.js';
import { caught } from '../../support/caught.js';
import { aKeyPair, base64url, fixedNow, NOW_SECONDS, signToken, v2Claims, withoutClaim, type TestKeyPair } from '../support/token-factory.js';

const ISSUER = 'https://clerk.example.test';
const APP = 'https://app.example.test';

let keys: TestKeyPair;

beforeAll(async () => {
  keys = await aKeyPair();
});

function aVerifier(overrides: { issuer?: string; authorizedParties?: readonly string[] } = {}): TokenVerifier {
  return createTokenVerifier({ key: { kind: 'key', key: keys.publicKey }, now: fixedNow, ...overrides });
}

async function expectUnauthorized(promise: Promise<unknown>, reason: UnauthorizedReason): Promise<void> {
  const error = await caught(() => promise, UnauthorizedError);
  expect(error).toMatchObject({ code: 'UNAUTHORIZED', reason });
}

async function verifyClaims(claims: JWTPayload, verifier: TokenVerifier = aVerifier()): Promise<unknown> {
  return verifier.verify(await signToken(keys.privateKey, claims));
}

describe('valid tokens', () => {
  it('turns a v2 session token into a principal with derived ids and decoded permissions', async () => {
    const token = await signToken(keys.privateKey, v2Claims());

    const principal = await aVerifier({ issuer: ISSUER, authorizedParties: [APP] }).verify(token);

    expect(principal).toEqual({
      userId: userIdFromClerkUser('user_alice'),
      userRef: 'user_alice',
      sessionId: 'sess_123',
      organization: {
        accountId: accountIdFromOrganization('org_acme'),
        organizationRef: 'org_acme',
        role: 'org:admin',
        permissions: new Set(['org:workflows:create', 'org:workflows:read']),
      },
    });
  });

  it('turns a v1 session token into a principal with its permission list', async () => {
    const claims = {
      ...withoutClaim(withoutClaim(withoutClaim(v2Claims(), 'v'), 'o'), 'fea'),
      org_id: 'org_acme',
      org_role: 'org:member',
      org_permissions: ['org:workflows:read'],
    };

    const principal = await verifyClaims(claims);

    expect(principal).toMatchObject({
      userId: userIdFromClerkUser('user_alice'),
      organization: {
        accountId: accountIdFromOrganization('org_acme'),
        role: 'org:member',
        permissions: new Set(['org:workflows:read']),
      },
    });
  });

  it('gives a principal without organization for a token without an active organization', async () => {
    const claims = withoutClaim(v2Claims(), 'o');

    const principal = await verifyClaims(claims);

    expect(principal).toMatchObject({ userRef: 'user_alice', organization: null });
  });

  it.each([
    ['an active session status', v2Claims({ sts: 'active' })],
    ['no session status', withoutClaim(v2Claims(), 'sts')],
  ])('accepts a token with %s as the session it names', async (_label, claims) => {
    const principal = await verifyClaims(claims);

    expect(principal).toMatchObject({
      userRef: 'user_alice',
      sessionId: 'sess_123',
      organization: { accountId: accountIdFromOrganization('org_acme'), permissions: new Set(['org:workflows:create', 'org:workflows:read']) },
    });
  });
});

describe('malformed tokens', () => {
  it('treats an empty token as missing', async () => {
    await expectUnauthorized(aVerifier().verify(''), 'TOKEN_MISSING');
  });

  it.each([
    ['a word', 'abc'],
    ['three one-letter segments', 'a.b.c'],
    ['10 KB of junk', 'x'.repeat(10_240)],
    ['junk with dots and symbols', '%%%.$$$.!!!'],
    ['base64url segments that are not JSON', 'bm90IGpzb24.bm90IGpzb24.c2ln'],
    ['a JSON array as header', `${base64url([1])}.${base64url({})}.c2ln`],
    ['a header without alg', `${base64url({ typ: 'JWT' })}.${base64url({ sub: 'x' })}.c2ln`],
    ['four segments', 'a.b.c.d'],
  ])('rejects %s as malformed, never as a server error', async (_label, token) => {
    await expectUnauthorized(aVerifier().verify(token), 'TOKEN_MALFORMED');
  });

  it('rejects a correctly signed payload that is not a JSON object', async () => {
    const token = await new CompactSign(new TextEncoder().encode('not json'))
      .setProtectedHeader({ alg: 'RS256' })
      .sign(keys.privateKey);

    const verification = aVerifier().verify(token);

    await expectUnauthorized(verification, 'TOKEN_MALFORMED');
  });
});

describe('algorithms and signatures', () => {
  it('refuses an unsigned token (alg none)', async () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(v2Claims())}.`;

    const verification = aVerifier().verify(token);

    await expectUnauthorized(verification, 'ALGORITHM_NOT_ALLOWED');
  });

  it('refuses HS256 signed with the public key PEM as the secret', async () => {
    const secret = new TextEncoder().encode(keys.publicKeyPem);
    const token = await signToken(secret, v2Claims(), { alg: 'HS256' });

    const verification = aVerifier().verify(token);

    await expectUnauthorized(verification, 'ALGORITHM_NOT_ALLOWED');
  });

  it('refuses RS512 even from the right key', async () => {
    const rs512Key = await importPKCS8(keys.privateKeyPem, 'RS512');
    const token = await signToken(rs512Key, v2Claims(), { alg: 'RS512' });

    const verification = aVerifier().verify(token);

    await expectUnauthorized(verification, 'ALGORITHM_NOT_ALLOWED');
  });

  it('refuses ES256', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT(v2Claims()).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);

    const verification = aVerifier().verify(token);

    await expectUnauthorized(verification, 'ALGORITHM_NOT_ALLOWED');
  });

  it('refuses a token signed by another key', async () => {
    const other = await aKeyPair();
    const token = await signToken(other.privateKey, v2Claims());

    const verification = aVerifier().verify(token);

    await expectUnauthorized(verification, 'SIGNATURE_INVALID');
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const [header, , signature] = (await signToken(keys.privateKey, v2Claims())).split('.');
    const elevated = base64url(v2Claims({ o: { id: 'org_other', rol: 'admin', per: 'create', fpm: '1' } }));

    const verification = aVerifier().verify(`${header ?? ''}.${elevated}.${signature ?? ''}`);

    await expectUnauthorized(verification, 'SIGNATURE_INVALID');
  });
});

describe('time claims with a 5 s skew', () => {
  it('refuses a token expired more than 5 s ago', async () => {
    await expectUnauthorized(verifyClaims(v2Claims({ exp: NOW_SECONDS - 6 })), 'TOKEN_EXPIRED');
  });

  it('accepts a token expired less than 5 s ago', async () => {
    await expect(verifyClaims(v2Claims({ exp: NOW_SECONDS - 4 }))).resolves.toMatchObject({ userRef: 'user_alice' });
  });

  it('refuses a token valid only from more than 5 s from now', async () => {
    await expectUnauthorized(verifyClaims(v2Claims({ nbf: NOW_SECONDS + 6 })), 'TOKEN_NOT_YET_VALID');
  });

  it('accepts a token valid from less than 5 s from now', async () => {
    await expect(verifyClaims(v2Claims({ nbf: NOW_SECONDS + 4 }))).resolves.toMatchObject({ userRef: 'user_alice' });
  });

  it('refuses a token issued more than 5 s in the future', async () => {
    await expectUnauthorized(verifyClaims(v2Claims({ iat: NOW_SECONDS + 6 })), 'ISSUED_IN_FUTURE');
  });

  it('accepts a token issued less than 5 s in the future', async () => {
    await expect(verifyClaims(v2Claims({ iat: NOW_SECONDS + 4 }))).resolves.toMatchObject({ userRef: 'user_alice' });
  });

  it('refuses a token without exp', async () => {
    await expectUnauthorized(verifyClaims(withoutClaim(v2Claims(), 'exp')), 'CLAIM_INVALID');
  });

  it('refuses a token whose iat is not a number', async () => {
    await expectUnauthorized(verifyClaims(v2Claims({ iat: 'yesterday' as unknown as number })), 'CLAIM_INVALID');
  });

  it('honours a configured skew', async () => {
    const verifier = createTokenVerifier({ key: { kind: 'key', key: keys.publicKey }, now: fixedNow, clockSkewSeconds: 0 });

    await expectUnauthorized(verifyClaims(v2Claims({ exp: NOW_SECONDS }), verifier), 'TOKEN_EXPIRED');
  });
});

describe('issuer and authorized party', () => {
  it('refuses a token from another issuer', async () => {
    const verifier = aVerifier({ issuer: ISSUER });

    const verification = verifyClaims(v2Claims({ iss: 'https://evil.example.test' }), verifier);

    await expectUnauthorized(verification, 'ISSUER_MISMATCH');
  });

  it('refuses a token without issuer when an issuer is expected', async () => {
    const verifier = aVerifier({ issuer: ISSUER });

    const verification = verifyClaims(withoutClaim(v2Claims(), 'iss'), verifier);

    await expectUnauthorized(verification, 'ISSUER_MISMATCH');
  });

  it('refuses a token without azp when authorized parties are set', async () => {
    const verifier = aVerifier({ authorizedParties: [APP] });

    const verification = verifyClaims(withoutClaim(v2Claims(), 'azp'), verifier);

    await expectUnauthorized(verification, 'AUTHORIZED_PARTY_MISMATCH');
  });

  it('refuses a token for a foreign authorized party', async () => {
    const verifier = aVerifier({ authorizedParties: [APP] });

    const verification = verifyClaims(v2Claims({ azp: 'https://evil.example.test' }), verifier);

    await expectUnauthorized(verification, 'AUTHORIZED_PARTY_MISMATCH');
  });

  it('accepts any or no azp when no authorized parties are set', async () => {
    const verifier = aVerifier({ authorizedParties: [] });

    const principal = await verifyClaims(withoutClaim(v2Claims(), 'azp'), verifier);

    expect(principal).toMatchObject({ userRef: 'user_alice' });
  });
});

describe('subject and session', () => {
  it('refuses a token without sub', async () => {
    await expectUnauthorized(verifyClaims(withoutClaim(v2Claims(), 'sub')), 'SUBJECT_MISSING');
  });

  it('refuses a token without sid', async () => {
    await expectUnauthorized(verifyClaims(withoutClaim(v2Claims(), 'sid')), 'SESSION_MISSING');
  });

  it('refuses a token with an empty sid', async () => {
    await expectUnauthorized(verifyClaims(v2Claims({ sid: '' })), 'SESSION_MISSING');
  });

  it('refuses a token of a pending session', async () => {
    await expectUnauthorized(verifyClaims(v2Claims({ sts: 'pending' })), 'SESSION_PENDING');
  });
});

describe('error messages', () => {
  it('never quote the token or its claims', async () => {
    const claims = v2Claims({ iss: 'https://secret-issuer.example.test', sub: 'user_secret' });
    const token = await signToken(keys.privateKey, claims);

    const error = await caught(() => aVerifier({ issuer: ISSUER }).verify(token), UnauthorizedError);

    expect(JSON.stringify({ message: error.message, cause: error.cause })).not.toMatch(/secret|user_/);
  });
});
