import { describe, expect, it } from 'vitest';
import { createTokenVerifier, DEV_ISSUER, verifiedTokenCache, type Principal } from '../../../src/auth/index.js';
import { devKeys, signClaims } from '../../support/app.js';

const organization = { v: 2, o: { id: 'org_cache', rol: 'admin', per: 'read', fpm: '1' }, fea: 'o:workflows' };
const principal = (userRef: string): Principal => ({ userId: 'u' as Principal['userId'], userRef, sessionId: 's', organization: null });

describe('verified token cache', () => {
  it('answers a token again without verifying it, until the token expires', async () => {
    const { pair } = await devKeys();
    const cache = verifiedTokenCache();
    let now = new Date();
    const verifier = createTokenVerifier({ key: { kind: 'key', key: pair.publicKey }, issuer: DEV_ISSUER, cache, now: () => now });
    const token = await signClaims({ ...organization, exp: Math.floor(now.getTime() / 1000) + 30 });

    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    now = new Date(now.getTime() + 60_000);
    const late = verifier.verify(token);

    expect(second).toBe(first);
    await expect(late).rejects.toMatchObject({ code: 'UNAUTHORIZED', reason: 'TOKEN_EXPIRED' });
  });

  it('never remembers a refused token', async () => {
    const { pair } = await devKeys();
    const cache = verifiedTokenCache();
    const verifier = createTokenVerifier({ key: { kind: 'key', key: pair.publicKey }, issuer: 'https://another.example', cache });
    const token = await signClaims(organization);

    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    expect(cache.get(token, Date.now())).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest entry first', () => {
    const cache = verifiedTokenCache(2);
    const far = Date.now() + 60_000;

    cache.set('a', principal('a'), far);
    cache.set('b', principal('b'), far);
    cache.set('c', principal('c'), far);

    expect([cache.get('a', 0), cache.get('b', 0)?.userRef, cache.get('c', 0)?.userRef]).toEqual([undefined, 'b', 'c']);
  });
});
