import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '../../../src/auth/claims.js';
import { accountIdFromOrganization, userIdFromClerkUser } from '../../../src/shared/ids.js';

const session = { sub: 'user_alice', sid: 'sess_1' };

function v2Permissions(fea: unknown, o: Record<string, unknown>): string[] {
  const principal = principalFromClaims({ ...session, v: 2, fea, o: { id: 'org_acme', ...o } });
  return [...(principal.organization?.permissions ?? [])].sort();
}

describe('session token v2 permissions', () => {
  it('grants org:<feature>:<permission> for each set bit of each organization feature', () => {
    const permissions = v2Permissions('o:workflows,o:audit', { per: 'create,read,update,delete', fpm: '15,2' });

    expect(permissions).toEqual([
      'org:audit:read',
      'org:workflows:create',
      'org:workflows:delete',
      'org:workflows:read',
      'org:workflows:update',
    ]);
  });

  it('reads bit 0 as the first entry of per', () => {
    const permissions = v2Permissions('o:workflows', { per: 'read,create', fpm: '1' });

    expect(permissions).toEqual(['org:workflows:read']);
  });

  it('reads higher bits as later entries of per', () => {
    const permissions = v2Permissions('o:repositories,o:projects', { per: 'read,create,update,delete,revoke', fpm: '7,21' });

    expect(permissions).toEqual([
      'org:projects:read',
      'org:projects:revoke',
      'org:projects:update',
      'org:repositories:create',
      'org:repositories:read',
      'org:repositories:update',
    ]);
  });

  it('ignores user-scoped features and counts masks over organization features only', () => {
    const permissions = v2Permissions('u:billing,o:workflows,u:seats', { per: 'read', fpm: '1' });

    expect(permissions).toEqual(['org:workflows:read']);
  });

  it('counts features scoped to both user and organization, as Clerk does', () => {
    const permissions = v2Permissions('uo:workflows,ou:audit', { per: 'read', fpm: '1,1' });

    expect(permissions).toEqual(['org:audit:read', 'org:workflows:read']);
  });

  it('gives no permissions to features beyond a shorter fpm', () => {
    const permissions = v2Permissions('o:workflows,o:audit', { per: 'read', fpm: '1' });

    expect(permissions).toEqual(['org:workflows:read']);
  });

  it('ignores bits beyond the permission list', () => {
    const permissions = v2Permissions('o:workflows', { per: 'read', fpm: '3' });

    expect(permissions).toEqual(['org:workflows:read']);
  });

  it('tolerates spaces around list entries', () => {
    const permissions = v2Permissions(' o:workflows , o:audit ', { per: 'read, create', fpm: '3 , 1' });

    expect(permissions).toEqual(['org:audit:read', 'org:workflows:create', 'org:workflows:read']);
  });

  it.each([
    ['per is missing', 'o:workflows', { fpm: '1' }],
    ['fpm is missing', 'o:workflows', { per: 'read' }],
    ['fea is missing', undefined, { per: 'read', fpm: '1' }],
    ['fea is empty', '', { per: 'read', fpm: '1' }],
    ['per is an array', 'o:workflows', { per: ['read'], fpm: '1' }],
    ['per has an empty entry', 'o:workflows', { per: 'read,,create', fpm: '1' }],
    ['fpm is a number', 'o:workflows', { per: 'read', fpm: 1 }],
    ['an fpm entry is not numeric', 'o:workflows,o:audit', { per: 'read', fpm: '1,x' }],
    ['an fpm entry is negative', 'o:workflows', { per: 'read', fpm: '-1' }],
    ['an fpm entry is fractional', 'o:workflows', { per: 'read', fpm: '1.5' }],
    ['an fpm entry has trailing junk', 'o:workflows', { per: 'read', fpm: '1abc' }],
    ['fea is not a string', ['o:workflows'], { per: 'read', fpm: '1' }],
    ['a fea entry has no scope', 'workflows', { per: 'read', fpm: '1' }],
    ['a fea entry has no name', 'o:', { per: 'read', fpm: '1' }],
    ['a fea entry has two colons', 'o:work:flows', { per: 'read', fpm: '1' }],
  ])('grants nothing when %s', (_label, fea, o) => {
    const permissions = v2Permissions(fea, o);

    expect(permissions).toEqual([]);
  });
});

describe('session token v2 organization', () => {
  it('derives the account id from the organization id and prefixes the role', () => {
    const principal = principalFromClaims({ ...session, v: 2, o: { id: 'org_acme', rol: 'member' } });

    expect(principal.organization).toEqual({
      accountId: accountIdFromOrganization('org_acme'),
      organizationRef: 'org_acme',
      role: 'org:member',
      permissions: new Set(),
    });
  });

  it('derives the user id from sub', () => {
    const principal = principalFromClaims({ ...session, v: 2 });

    expect(principal).toEqual({ userId: userIdFromClerkUser('user_alice'), userRef: 'user_alice', sessionId: 'sess_1', organization: null });
  });

  it('has no role when rol is missing', () => {
    const principal = principalFromClaims({ ...session, v: 2, o: { id: 'org_acme' } });

    expect(principal.organization?.role).toBeNull();
  });

  it.each([
    ['o is missing', undefined],
    ['o is a string', 'org_acme'],
    ['o is an array', ['org_acme']],
    ['o.id is missing', { rol: 'admin' }],
    ['o.id is a number', { id: 7 }],
    ['o.id is empty', { id: '' }],
  ])('has no organization when %s', (_label, o) => {
    const principal = principalFromClaims({ ...session, v: 2, o, org_id: 'org_v1' });

    expect(principal.organization).toBeNull();
  });
});

describe('session token v1', () => {
  it('reads org_id, org_role as given and the org_permissions list', () => {
    const principal = principalFromClaims({
      ...session,
      org_id: 'org_acme',
      org_role: 'org:admin',
      org_permissions: ['org:workflows:create', 'org:audit:read'],
    });

    expect(principal.organization).toEqual({
      accountId: accountIdFromOrganization('org_acme'),
      organizationRef: 'org_acme',
      role: 'org:admin',
      permissions: new Set(['org:workflows:create', 'org:audit:read']),
    });
  });

  it('is the reading of any token whose v is not 2', () => {
    const principal = principalFromClaims({ ...session, v: 1, org_id: 'org_acme', o: { id: 'org_other' } });

    expect(principal.organization?.organizationRef).toBe('org_acme');
  });

  it('has no organization without org_id', () => {
    const principal = principalFromClaims({ ...session, org_role: 'org:admin' });

    expect(principal.organization).toBeNull();
  });

  it('has no role when org_role is not a string', () => {
    const principal = principalFromClaims({ ...session, org_id: 'org_acme', org_role: 1 });

    expect(principal.organization?.role).toBeNull();
  });

  it.each([
    ['a string', 'org:workflows:create'],
    ['an array with a non-string', ['org:workflows:create', 1]],
    ['an array with an empty name', ['org:workflows:create', '']],
    ['an object', { 0: 'org:workflows:create' }],
  ])('grants nothing when org_permissions is %s', (_label, orgPermissions) => {
    const principal = principalFromClaims({ ...session, org_id: 'org_acme', org_permissions: orgPermissions });

    expect(principal.organization?.permissions).toEqual(new Set());
  });
});
