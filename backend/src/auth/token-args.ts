import { parseArgs } from 'node:util';
import type { DevTokenOptions } from './dev-issuer.js';
import { encodeOrganizationPermissions } from './feature-permissions.js';

export const TOKEN_USAGE =
  'usage: npm run token -- --org <org> --user <user> --permissions <permission,...> [--ttl <seconds>] [--role <role>]';

const OPTIONS = {
  org: { type: 'string' },
  user: { type: 'string' },
  permissions: { type: 'string' },
  ttl: { type: 'string' },
  role: { type: 'string' },
} as const;

function usageError(problem: string, cause?: unknown): Error {
  return new Error(`${problem}\n${TOKEN_USAGE}`, cause === undefined ? undefined : { cause });
}

function present(name: string, value: string | undefined): string {
  if (value === undefined) {
    throw usageError(`--${name} is required`);
  }
  return value;
}

function required(name: string, value: string | undefined): string {
  const trimmed = present(name, value).trim();
  if (trimmed === '') {
    throw usageError(`--${name} must not be empty`);
  }
  return trimmed;
}

function parsePermissions(value: string): string[] {
  const permissions = value
    .split(',')
    .map((permission) => permission.trim())
    .filter((permission) => permission !== '');
  try {
    encodeOrganizationPermissions(permissions);
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  return permissions;
}

function parseTtl(value: string): number {
  const ttl = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(ttl) || ttl <= 0) {
    throw usageError(`--ttl must be a positive whole number of seconds, not "${value}"`);
  }
  return ttl;
}

/** Options of the token CLI; throws an Error whose message ends with the usage line. */
export function parseTokenArgs(argv: readonly string[]): DevTokenOptions {
  let values: { [K in keyof typeof OPTIONS]?: string | undefined };
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error), error);
  }
  return {
    org: required('org', values.org),
    user: required('user', values.user),
    // An empty list is allowed: a token without permissions is how one tries out a 403.
    permissions: parsePermissions(present('permissions', values.permissions)),
    ...(values.ttl === undefined ? {} : { ttlSeconds: parseTtl(values.ttl) }),
    ...(values.role === undefined ? {} : { role: required('role', values.role) }),
  };
}
