import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Built from the file path, not with `new URL`: under happy-dom the global URL is the DOM's.
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const EXIT_WITH_PARENT = join(dirname(fileURLToPath(import.meta.url)), 'exit-with-parent.ts');

/** What a test needs to reach one backend process; plain data so globalSetup can provide it. */
export interface BackendInfo {
  readonly url: string;
  readonly dataDir: string;
}

export interface RunningBackend extends BackendInfo {
  stop(): Promise<void>;
}

/** A port nothing listens on at this instant; also the "closed port" of the network-failure tests. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

// Clerk or database settings inherited from a developer's shell or CI would leave dev issuer mode
// or share rows between runs; each run gets its own embedded database and dev key pair instead.
const INHERITED_OUT = ['CLERK_JWT_KEY', 'CLERK_JWKS_URL', 'CLERK_ISSUER', 'CLERK_AUTHORIZED_PARTIES', 'DATABASE_URL', 'REDIS_URL', 'CORS_ORIGINS', 'NODE_ENV', 'WEB_CONCURRENCY'];

export function backendEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of INHERITED_OUT) Reflect.deleteProperty(env, name);
  return { ...env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...extra };
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}: ${stderr()}`);
    const ready = await fetch(`${url}/readyz`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`backend not ready at ${url} after ${timeoutMs} ms: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // SIGTERM lets the service close its database cleanly; SIGKILL only if it hangs.
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `backend/src/main.ts` from the repository root with a fresh DATA_DIR, on `port` or a free one. */
export async function startBackend(env: Readonly<Record<string, string>> = {}, port?: number): Promise<RunningBackend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'workflow-frontend-'));
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', EXIT_WITH_PARENT, 'backend/src/main.ts'], {
    cwd: repoRoot,
    env: backendEnv({ PORT: String(port), DATA_DIR: dataDir, ...env }),
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const stop = async () => {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, stop };
}
