import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDevTokenVerifier } from '../src/auth/index.js';

const run = promisify(execFile);
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');
const cli = (script: string, args: string[], env: Record<string, string>) =>
  run(TSX, [join(import.meta.dirname, '../src', script), ...args], { env: { PATH: process.env.PATH ?? '', ...env } }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: unknown) => {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    },
  );

describe('command line', () => {
  it('prints a dev token the service accepts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-cli-'));

    const result = await cli('cli/token.ts', ['--org', 'acme', '--user', 'alice', '--permissions', 'org:workflows:create'], { DATA_DIR: dataDir });

    expect(result.code).toBe(0);
    const principal = await (await createDevTokenVerifier(dataDir)).verify(result.stdout.trim());
    expect([...(principal.organization?.permissions ?? [])]).toEqual(['org:workflows:create']);
  });

  it.each([
    [{ NODE_ENV: 'production' }, /never enabled in production/],
    [{ CLERK_JWKS_URL: 'https://clerk.example.com/.well-known/jwks.json' }, /mints dev tokens only/],
  ])('refuses to mint a token with %o', async (env, message) => {
    const result = await cli('cli/token.ts', ['--org', 'acme', '--user', 'alice', '--permissions', ''], env);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('explains its usage when an option is missing', async () => {
    const result = await cli('cli/token.ts', ['--org', 'acme'], { DATA_DIR: mkdtempSync(join(tmpdir(), 'workflow-service-cli-')) });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--user/);
  });

  it('migrates the embedded database once', async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'workflow-service-cli-')) };

    const first = await cli('cli/migrate.ts', [], env);
    const second = await cli('cli/migrate.ts', [], env);

    expect(first.stdout).toMatch(/applied 0001_workflows_and_audit_logs/);
    expect(second.stdout).toMatch(/schema up to date/);
  });

  it('refuses to start in production without Clerk, saying why', async () => {
    const result = await cli('main.ts', [], { NODE_ENV: 'production' });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/NODE_ENV=production needs CLERK_JWT_KEY or CLERK_JWKS_URL/);
  });
});
