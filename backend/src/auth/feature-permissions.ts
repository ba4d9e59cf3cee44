/**
 * Session token v2 packs organization permissions into three claims (as Clerk's SDK reads them in
 * `__experimental_JWTPayloadToAuthObjectProperties`): `fea` lists scoped features (`o:workflows,u:billing`),
 * `o.per` lists permission names, and `o.fpm` holds one bitmask per organization feature, bit i
 * standing for the i-th entry of `per`. Each set bit grants `org:<feature>:<permission>`.
 */

/** A feature or permission key: no separator of any of the three claims can occur inside it. */
const KEY = /^[^\s:,]+$/;
const SCOPED_FEATURE = /^([a-z]+):([^\s:,]+)$/;
const DECIMAL = /^\d{1,32}$/;
export const ORG_PERMISSION = /^org:([^\s:,]+):([^\s:,]+)$/;

export interface FeaturePermissionClaims {
  fea: unknown;
  per: unknown;
  fpm: unknown;
}

function commaList(value: unknown): string[] | null {
  if (typeof value !== 'string' || value.trim() === '') {
    return null;
  }
  return value.split(',').map((entry) => entry.trim());
}

/** Features whose scope includes the organization (`o`, and `ou`/`uo` as Clerk's `splitByScope` reads it). */
function organizationFeatures(fea: unknown): string[] | null {
  if (fea === undefined || fea === '') {
    return [];
  }
  const entries = commaList(fea);
  if (entries === null) {
    return null;
  }
  const parsed = entries.map((entry) => SCOPED_FEATURE.exec(entry));
  if (parsed.some((match) => match === null)) {
    return null;
  }
  return parsed.flatMap((match) => (match?.[1]?.includes('o') === true ? [match[2] ?? ''] : []));
}

function permissionNames(per: unknown): string[] | null {
  const names = commaList(per);
  return names?.every((name) => KEY.test(name)) === true ? names : null;
}

function bitmasks(fpm: unknown): bigint[] | null {
  const entries = commaList(fpm);
  return entries?.every((entry) => DECIMAL.test(entry)) === true ? entries.map((entry) => BigInt(entry)) : null;
}

/**
 * The organization permissions the claims grant. Anything malformed grants nothing: a token the
 * identity provider signed but that this code cannot read must fail closed, never throw.
 */
export function decodeOrganizationPermissions(claims: FeaturePermissionClaims): Set<string> {
  const features = organizationFeatures(claims.fea);
  const names = permissionNames(claims.per);
  const masks = bitmasks(claims.fpm);
  const granted = new Set<string>();
  if (features === null || names === null || masks === null) {
    return granted;
  }
  // A feature without a mask (fpm shorter than the features) has no permissions, as in Clerk's SDK.
  features.forEach((feature, index) => {
    const mask = masks[index] ?? 0n;
    names.forEach((name, bit) => {
      if (((mask >> BigInt(bit)) & 1n) === 1n) {
        granted.add(`org:${feature}:${name}`);
      }
    });
  });
  return granted;
}

export interface EncodedOrganizationPermissions {
  fea: string;
  per: string;
  fpm: string;
}

function parseOrganizationPermission(permission: string): [feature: string, name: string] {
  const match = ORG_PERMISSION.exec(permission);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new Error(`permission "${permission}" is not of the form org:<feature>:<permission>`);
  }
  return [match[1], match[2]];
}

/** The inverse of `decodeOrganizationPermissions`; null when there is nothing to grant. */
export function encodeOrganizationPermissions(permissions: readonly string[]): EncodedOrganizationPermissions | null {
  const pairs = permissions.map(parseOrganizationPermission);
  if (pairs.length === 0) {
    return null;
  }
  const features = [...new Set(pairs.map(([feature]) => feature))];
  const names = [...new Set(pairs.map(([, name]) => name))];
  const masks = features.map((feature) =>
    pairs
      .filter(([owner]) => owner === feature)
      .reduce((mask, [, name]) => mask | (1n << BigInt(names.indexOf(name))), 0n),
  );
  return {
    fea: features.map((feature) => `o:${feature}`).join(','),
    per: names.join(','),
    fpm: masks.map(String).join(','),
  };
}
