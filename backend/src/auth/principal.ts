import type { AccountId, UserId } from '../shared/ids.js';
import { ForbiddenError } from './errors.js';

export const PERMISSIONS = [
  'org:workflows:create',
  'org:workflows:read',
  'org:workflows:update',
  'org:workflows:delete',
  'org:audit:read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export interface PrincipalOrganization {
  accountId: AccountId;
  /** The identity provider's organization id (`org_…`). */
  organizationRef: string;
  role: string | null;
  permissions: ReadonlySet<string>;
}

/** Who sent a request, as established by a verified token. */
export interface Principal {
  userId: UserId;
  /** The identity provider's user id: the token's `sub`. */
  userRef: string;
  sessionId: string;
  organization: PrincipalOrganization | null;
}

/** Who acts in a use case: always inside one account (the only actor type of the service). */
export interface Actor {
  readonly accountId: AccountId;
  readonly userId: UserId;
  /** The identity provider's user id, kept in audit entries. */
  readonly userRef: string;
}

/** The account is the token's active organization, never anything the client sends. */
export function authorize(principal: Principal, permission: Permission): Actor {
  const { organization } = principal;
  if (organization === null) {
    throw new ForbiddenError('NO_ACTIVE_ORGANIZATION');
  }
  if (!organization.permissions.has(permission)) {
    throw new ForbiddenError('MISSING_PERMISSION', permission);
  }
  return { accountId: organization.accountId, userId: principal.userId, userRef: principal.userRef };
}
