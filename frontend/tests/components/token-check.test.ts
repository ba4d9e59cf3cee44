import { describe, expect, it } from 'vitest';
import { checkToken, expiryOf, normalizeToken, tokenMessage } from '../../src/components/token-panel/token-check.js';
import { anUnsignedToken } from '../support/tokens.js';

const NOW = Date.now();

describe('what the console tells of a token before sending it', () => {
  it('strips a pasted “Bearer ” prefix, in any case, and whitespace a wrapped paste brings', () => {
    expect(normalizeToken('  Bearer abc.def.ghi ')).toBe('abc.def.ghi');
    expect(normalizeToken('bearer\tabc.def\n.ghi')).toBe('abc.def.ghi');
    expect(normalizeToken('Bearerabc.def.ghi')).toBe('Bearerabc.def.ghi');
  });

  it('tells a missing, a malformed, an expired and a usable token apart', () => {
    expect(checkToken('', NOW)).toEqual({ kind: 'missing' });
    expect(checkToken('not-a-token', NOW)).toEqual({ kind: 'malformed' });
    expect(checkToken('a.b.c', NOW)).toEqual({ kind: 'malformed' });
    expect(checkToken(anUnsignedToken({ expiresInSeconds: -1 }), NOW).kind).toBe('expired');
    expect(checkToken(anUnsignedToken({ org: 'org_1' }), NOW)).toMatchObject({ kind: 'usable', organization: 'org_1' });
  });

  it('reads the expiry without the clock, so the console can check again when it passes', () => {
    const token = anUnsignedToken({ expiresInSeconds: 60 });
    const expiry = expiryOf(token);

    expect(expiry?.getTime()).toBeGreaterThan(NOW);
    expect(checkToken(token, (expiry?.getTime() ?? 0) + 1).kind).toBe('expired');
    expect(expiryOf('not-a-token')).toBeNull();
  });

  it('says where to get another token: the dev issuer when there is one', () => {
    expect(tokenMessage({ kind: 'malformed' }, true).error).toContain('get a dev token below');
    expect(tokenMessage({ kind: 'malformed' }, false).error).toContain('npm run token');
    expect(tokenMessage({ kind: 'usable', organization: null, expiresAt: null }, true).hint).toContain('No organization');
  });
});
