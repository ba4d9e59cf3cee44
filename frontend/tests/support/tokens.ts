import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { backendEnv, repoRoot, type BackendInfo } from './backend.js';

const run = promisify(execFile);

export interface TokenClaims {
  readonly org: string;
  readonly user: string;
  readonly permissions: readonly string[];
}

export const WRITER = ['org:workflows:create', 'org:workflows:read'] as const;

/** A fresh user in a fresh organization, so no test shares rows or rate-limit counters with another. */
export function aUser(permissions: readonly string[] = WRITER): TokenClaims {
  const suffix = randomUUID().slice(0, 8);
  return { org: `org-${suffix}`, user: `user-${suffix}`, permissions };
}

/** True once the backend serves `POST /dev/token` (dev issuer mode); 404 before that endpoint exists. */
export async function hasDevTokenEndpoint(backend: BackendInfo): Promise<boolean> {
  const response = await fetch(`${backend.url}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return response.status !== 404;
}

async function mintOverHttp(backend: BackendInfo, claims: TokenClaims): Promise<string> {
  const response = await fetch(`${backend.url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claims),
  });
  if (!response.ok) throw new Error(`POST /dev/token answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { token: string };
  return body.token;
}

/** The documented CLI, pointed at the same DATA_DIR so it signs with the server's dev key pair. */
async function mintWithCli(backend: BackendInfo, claims: TokenClaims): Promise<string> {
  const args = ['run', '--silent', 'token', '--', '--org', claims.org, '--user', claims.user, '--permissions', claims.permissions.join(',')];
  const { stdout } = await run('npm', args, { cwd: repoRoot, env: backendEnv({ DATA_DIR: backend.dataDir }) });
  return stdout.trim();
}

/** Mints a dev token through `POST /dev/token` when the backend has it, else through `npm run token`. */
export async function mintToken(backend: BackendInfo, claims: TokenClaims = aUser()): Promise<string> {
  return (await hasDevTokenEndpoint(backend)) ? mintOverHttp(backend, claims) : mintWithCli(backend, claims);
}
