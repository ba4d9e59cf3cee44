import { accountIdFromOrganization, userIdFromClerkUser } from '../shared/ids.js';
import { decodeOrganizationPermissions } from './feature-permissions.js';
import type { Principal, PrincipalOrganization } from './principal.js';

/** A verified claims set whose `sub` and `sid` have been checked to be non-empty strings. */
export type SessionClaims = Readonly<Record<string, unknown>> & { readonly sub: string; readonly sid: string };

type ClaimRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is ClaimRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** v2: the organization lives in `o`, its role without the `org:` prefix, permissions as bitmasks. */
function organizationFromV2(claims: ClaimRecord): PrincipalOrganization | null {
  const o = claims.o;
  if (!isRecord(o) || !isNonEmptyString(o.id)) {
    return null;
  }
  return {
    accountId: accountIdFromOrganization(o.id),
    organizationRef: o.id,
    role: isNonEmptyString(o.rol) ? `org:${o.rol}` : null,
    permissions: decodeOrganizationPermissions({ fea: claims.fea, per: o.per, fpm: o.fpm }),
  };
}

function permissionsFromV1(value: unknown): Set<string> {
  if (!Array.isArray(value) || !value.every(isNonEmptyString)) {
    return new Set();
  }
  return new Set(value);
}

/** v1: flat `org_*` claims, permissions as a plain array of names. */
function organizationFromV1(claims: ClaimRecord): PrincipalOrganization | null {
  const organizationRef = claims.org_id;
  if (!isNonEmptyString(organizationRef)) {
    return null;
  }
  return {
    accountId: accountIdFromOrganization(organizationRef),
    organizationRef,
    role: isNonEmptyString(claims.org_role) ? claims.org_role : null,
    permissions: permissionsFromV1(claims.org_permissions),
  };
}

/** Decodes Clerk session token claims (v2, or v1 for any other `v`, as Clerk's SDK does). */
export function principalFromClaims(claims: SessionClaims): Principal {
  return {
    userId: userIdFromClerkUser(claims.sub),
    userRef: claims.sub,
    sessionId: claims.sid,
    organization: claims.v === 2 ? organizationFromV2(claims) : organizationFromV1(claims),
  };
}
