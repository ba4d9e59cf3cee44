import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';

const BACKEND = join(import.meta.dirname, '..');
const STAMP = join(BACKEND, 'dist', '.built-at');
const run = promisify(execFile);
const MIGRATIONS = readdirSync(join(BACKEND, 'migrations'))
  .filter((file) => file.endsWith('.sql'))
  .map((file) => file.replace(/\.sql$/, ''))
  .sort();
// The modules' function definitions, which the build copies into dist/ beside their code.
const DEFINITIONS = readdirSync(join(BACKEND, 'src', 'workflows', 'sql'))
  .filter((file) => file.endsWith('.sql'))
  .map((file) => `workflows/sql/${file}`)
  .sort();

// What `npm start` runs before the service: compiles only when a source is newer than the last build.
function buildIfStale() {
  return run(process.execPath, ['scripts/build.js', '--if-stale'], { cwd: BACKEND });
}

async function readyz(url: string): Promise<number | undefined> {
  try {
    return (await fetch(`${url}/readyz`)).status;
  } catch {
    return undefined;
  }
}

function readyLine(output: string): { migrationsApplied?: unknown } | undefined {
  const line = output.split('\n').find((text) => text.includes('"msg":"workflow service ready"'));
  return line === undefined ? undefined : (JSON.parse(line) as { migrationsApplied?: unknown });
}

// Settings from the caller's shell would leave the embedded database or dev issuer mode.
const INHERITED_OUT = ['DATABASE_URL', 'REDIS_URL', 'WEB_CONCURRENCY', 'CLERK_JWT_KEY', 'CLERK_JWKS_URL', 'CLERK_ISSUER', 'CLERK_AUTHORIZED_PARTIES', 'NODE_ENV'];

function serviceEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_OUT) Reflect.deleteProperty(env, name);
  return { ...env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'workflow-service-dist-')), LOG_LEVEL: 'info' };
}

describe('production build', () => {
  beforeAll(async () => {
    await buildIfStale();
  });

  it('does not compile again while dist/ is newer than every source', async () => {
    const builtAt = statSync(STAMP).mtimeMs;

    await buildIfStale();

    expect(statSync(STAMP).mtimeMs).toBe(builtAt);
  });

  it('starts from dist/ with plain node, migrates from the SQL files in migrations/ and the function definitions in dist/, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [join(BACKEND, 'dist', 'main.js')], { env: serviceEnv(port), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));

    try {
      let status: number | undefined;
      for (let attempt = 0; attempt < 200 && status !== 200 && child.exitCode === null; attempt++) {
        status = await readyz(url);
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill('SIGTERM');
      const code = await exited;

      expect(status, output).toBe(200);
      expect(readyLine(output)?.migrationsApplied).toEqual([...MIGRATIONS, ...DEFINITIONS]);
      expect(code, output).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
