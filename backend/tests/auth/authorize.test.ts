import { describe, expect, it } from 'vitest';
import { accountIdFromOrganization, userIdFromClerkUser } from '../../src/shared/ids.js';
import { authorize, ForbiddenError, PERMISSIONS, type Principal } from '../../src/auth/index.js';

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

function forbiddenOf(action: () => unknown): ForbiddenError {
  try {
    action();
  } catch (error) {
    if (error instanceof ForbiddenError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ForbiddenError');
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

  it('forbids a principal without an active organization', () => {
    const principal = aPrincipal(null);

    const error = forbiddenOf(() => authorize(principal, 'org:workflows:create'));

    expect(error).toMatchObject({ code: 'FORBIDDEN', reason: 'NO_ACTIVE_ORGANIZATION', permission: undefined });
  });

  it('forbids a principal lacking the permission and names it', () => {
    const principal = aPrincipal(['org:workflows:read']);

    const error = forbiddenOf(() => authorize(principal, 'org:workflows:create'));

    expect(error).toMatchObject({ code: 'FORBIDDEN', reason: 'MISSING_PERMISSION', permission: 'org:workflows:create' });
    expect(error.message).toContain('org:workflows:create');
  });

  it('lists the permissions of the product under their Clerk names', () => {
    expect(PERMISSIONS).toEqual([
      'org:workflows:create',
      'org:workflows:read',
      'org:workflows:update',
      'org:workflows:delete',
      'org:audit:read',
    ]);
  });
});
