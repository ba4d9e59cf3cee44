import { describe, expect, it } from 'vitest';
import { accountIdFromOrganization, userIdFromClerkUser } from '../../../src/shared/ids.js';
import { authorize, ForbiddenError, PERMISSIONS, type Principal } from '../../../src/auth/index.js';
import { caught } from '../../support/caught.js';

function aPrincipal(permissions: readonly string[] | null): Principal {
  return {
    userId: userIdFromClerkUser('user_alice'),
    userRef: 'user_alice',
    sessionId: 'sess_1',
    organization:
      permissions === null
        ? null
        : { accountId: accountIdFromOrganization('org_acme'), organizationRef: 'org_acme', role: 'org:admin', permissions: new Set(permissions) },
  };
}


describe('authorize', () => {
  it('gives the actor of the active organization when the permission is granted', () => {
    const principal = aPrincipal(['org:workflows:create']);

    const actor = authorize(principal, 'org:workflows:create');

    expect(actor).toEqual({
      accountId: accountIdFromOrganization('org_acme'),
      userId: userIdFromClerkUser('user_alice'),
      userRef: 'user_alice',
    });
  });

  it('forbids a principal without an active organization', async () => {
    const principal = aPrincipal(null);

    const error = await caught(() => authorize(principal, 'org:workflows:create'), ForbiddenError);

    expect(error).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_ACTIVE_ORGANIZATION', permission: undefined });
  });

  it('forbids a principal lacking the permission and names it', async () => {
    const principal = aPrincipal(['org:workflows:read']);

    const error = await caught(() => authorize(principal, 'org:workflows:create'), ForbiddenError);

    expect(error).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION', permission: 'org:workflows:create' });
    expect(error.message).toContain('org:workflows:create');
  });

  it.each(PERMISSIONS)('grants %s to its holder, and no other permission with it', async (permission) => {
    const principal = aPrincipal([permission]);
    const others = PERMISSIONS.filter((other) => other !== permission);

    const actor = authorize(principal, permission);
    const refusals = await Promise.all(others.map((other) => caught(() => authorize(principal, other), ForbiddenError)));

    expect(actor.accountId).toBe(accountIdFromOrganization('org_acme'));
    expect(refusals.map(({ reason, permission: named }) => ({ reason, permission: named }))).toEqual(
      others.map((other) => ({ reason: 'MISSING_PERMISSION', permission: other })),
    );
  });

  it('reads no wildcard, prefix or padded name as a grant', async () => {
    const principal = aPrincipal(['org:workflows', 'org:workflows:*', 'org:*', ' org:workflows:create', 'ORG:WORKFLOWS:CREATE']);

    const error = await caught(() => authorize(principal, 'org:workflows:create'), ForbiddenError);

    expect(error).toMatchObject({ reason: 'MISSING_PERMISSION', permission: 'org:workflows:create' });
  });
});
