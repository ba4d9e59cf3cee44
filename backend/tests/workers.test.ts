import { spawn, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY, forkClusterWorker, nextRestart, WorkerSupervisor, type RestartPolicy } from '../src/cluster.js';
import { createLogger } from '../src/shared/logger.js';
import { closeSharedDatabases, sharedDatabase } from './support/database.js';
import { freePort } from './support/free-port.js';

type LogEntry = Record<string, unknown>;

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Never process.kill(0): that would signal this test's own process group.
function killWorker(pid: unknown): void {
  if (typeof pid !== 'number' || pid <= 0) throw new Error(`no worker pid: ${String(pid)}`);
  process.kill(pid, 'SIGKILL');
}

const SUPERVISOR_LOG = (entries: LogEntry[]) => createLogger('info', { write: (line: string) => { entries.push(JSON.parse(line) as LogEntry); } });

describe('restart back-off', () => {
  const policy: RestartPolicy = { minDelayMs: 1_000, maxDelayMs: 8_000, stableAfterMs: 10_000 };

  it('waits a second before replacing a worker that died young', () => {
    expect(nextRestart(200, 0, policy)).toEqual({ delayMs: 1_000, youngDeaths: 1 });
  });

  it('doubles the wait while a slot keeps dying young, up to the cap', () => {
    expect(nextRestart(200, 1, policy).delayMs).toBe(2_000);
    expect(nextRestart(200, 3, policy).delayMs).toBe(8_000);
    expect(nextRestart(200, 40, policy).delayMs).toBe(8_000);
  });

  it('replaces a worker that ran a while at once and forgets earlier deaths', () => {
    expect(nextRestart(10_000, 5, policy)).toEqual({ delayMs: 0, youngDeaths: 0 });
  });

  it('never replaces a crash-looping slot more than once a second by default', () => {
    expect(nextRestart(0, 0, DEFAULT_RESTART_POLICY).delayMs).toBeGreaterThanOrEqual(1_000);
  });
});

// Real node:cluster workers running a small HTTP server; argv[2] picks how it behaves.
const WORKER_SCRIPT = `
import { createServer } from 'node:http';
const mode = process.argv[2];
if (mode === 'fail') process.exit(3);
const server = createServer((request, response) => { response.end(String(process.pid)); });
server.listen(0, '127.0.0.1');
process.on('SIGTERM', () => {
  if (mode !== 'ignore-sigterm') server.close(() => process.exit(0));
});
`;

describe('worker supervisor', () => {
  let script: string;
  let supervisor: WorkerSupervisor | undefined;

  beforeAll(() => {
    script = join(mkdtempSync(join(tmpdir(), 'workflow-service-workers-')), 'worker.mjs');
    writeFileSync(script, WORKER_SCRIPT);
  });

  afterEach(async () => {
    supervisor?.stop('test over');
    await supervisor?.exited;
    supervisor = undefined;
  });

  function supervise(mode: string, options: { shutdownTimeoutMs?: number; restartPolicy?: RestartPolicy } = {}) {
    cluster.setupPrimary({ exec: script, args: [mode], execArgv: [] });
    const entries: LogEntry[] = [];
    supervisor = new WorkerSupervisor({ workers: 2, fork: forkClusterWorker, logger: SUPERVISOR_LOG(entries), shutdownTimeoutMs: options.shutdownTimeoutMs ?? 2_000, ...options });
    const logged = (message: string) => until(() => entries.find((entry) => entry.msg === message), message);
    return { running: supervisor, entries, logged };
  }

  it('forks the configured number of workers and logs when all listen', async () => {
    const { running, logged } = supervise('serve');

    const ready = await logged('all workers ready');

    const pids = running.pids();
    expect(new Set(pids).size).toBe(2);
    expect(ready.workerPids).toEqual(pids);
  });

  it('replaces a worker that dies, after its back-off', async () => {
    const { running, entries, logged } = supervise('serve', { restartPolicy: { minDelayMs: 50, maxDelayMs: 100, stableAfterMs: 60_000 } });
    await logged('all workers ready');
    const [killed, kept] = running.pids();

    killWorker(killed);
    const replaced = await logged('replacement worker ready');

    expect(entries.find((entry) => entry.msg === 'worker exited unexpectedly; replacing it')).toMatchObject({ slot: 0, workerPid: killed, signal: 'SIGKILL', restartInMs: 50 });
    expect(replaced).toMatchObject({ slot: 0 });
    expect(running.pids()).toEqual([replaced.workerPid, kept]);
    expect(replaced.workerPid).not.toBe(killed);
  });

  it('drains every worker on stop and reports exit code 0 once all exited', async () => {
    const { running, logged } = supervise('serve');
    await logged('all workers ready');
    const pids = running.pids();

    running.stop('SIGTERM');

    expect(await running.exited).toBe(0);
    expect(pids.filter((pid) => pid !== undefined && isAlive(pid))).toEqual([]);
  });

  it('starts no replacement once stopped, even one waiting for its back-off', async () => {
    const { running, logged } = supervise('serve', { restartPolicy: { minDelayMs: 20_000, maxDelayMs: 20_000, stableAfterMs: 60_000 } });
    await logged('all workers ready');
    killWorker(running.pids()[0]);
    await logged('worker exited unexpectedly; replacing it');

    running.stop('SIGTERM');

    expect(await running.exited).toBe(0);
    expect(running.pids()).toEqual([undefined, undefined]);
  });

  it('kills workers still running a second after the shutdown timeout and reports exit code 1', async () => {
    const { running, logged } = supervise('ignore-sigterm', { shutdownTimeoutMs: 100 });
    await logged('all workers ready');
    const startedAt = Date.now();

    running.stop('SIGTERM');

    expect(await running.exited).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    await logged('workers did not finish in time; killing them');
  });

  it('stops the others and reports exit code 1 when a worker fails to start', async () => {
    const { running, logged } = supervise('fail');

    expect(await running.exited).toBe(1);
    expect(await logged('a worker exited before the service was ready; stopping')).toMatchObject({ code: 3 });
  });
});

// A new connection per request (no keep-alive), so the primary hands each one to the next worker.
function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

/**
 * Workers buffer their request log lines and write them a few KiB at a time, so requests go on (a
 * bounded number) until lines from two workers have come out.
 */
async function requestsUntilTwoWorkersLogged(url: string, entries: readonly LogEntry[]) {
  const statuses: number[] = [];
  const servedBy = () => new Set(entries.filter((entry) => entry.req !== undefined).map((entry) => entry.pid));
  while (servedBy().size < 2 && statuses.length < 500) {
    statuses.push(...(await Promise.all(Array.from({ length: 10 }, () => getStatus(url)))));
  }
  await until(() => (servedBy().size === 2 ? true : undefined), 'request log lines of two workers', 2_000);
  return { statuses, servedBy: servedBy() };
}

const INHERITED_OUT = ['CLERK_JWT_KEY', 'CLERK_JWKS_URL', 'CLERK_ISSUER', 'CLERK_AUTHORIZED_PARTIES', 'REDIS_URL', 'NODE_ENV'];
const SHUTDOWN_TIMEOUT_MS = 5_000;

describe.runIf(process.env.DATABASE_URL)('WEB_CONCURRENCY=2 on PostgreSQL', () => {
  let service: ChildProcess | undefined;

  beforeAll(async () => {
    await sharedDatabase('postgres');
  });
  afterAll(closeSharedDatabases);
  afterEach(() => {
    // Workers end with the primary: they exit when their channel to it closes.
    if (service?.exitCode === null) service.kill('SIGKILL');
  });

  function startService(port: number) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of INHERITED_OUT) Reflect.deleteProperty(env, name);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...env, WEB_CONCURRENCY: '2', FEATURE_WORKFLOW_RATE_LIMIT: 'off', WORKFLOW_RATE_LIMIT_ACCOUNT: 'off', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'workflow-service-workers-')), LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entries: LogEntry[] = [];
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (stdout + chunk.toString()).split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) entries.push(JSON.parse(line) as LogEntry);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
    service = child;
    const logged = (message: string, timeoutMs?: number) =>
      until(() => {
        if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}: ${stderr}`);
        return entries.find((entry) => entry.msg === message);
      }, message, timeoutMs);
    return { child, entries, exited, logged };
  }

  it('serves from two worker processes, replaces a killed one and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const { child, entries, exited, logged } = startService(port);
    const workerPids = (await logged('all workers ready', 20_000)).workerPids as number[];

    const { statuses, servedBy } = await requestsUntilTwoWorkersLogged(`http://127.0.0.1:${port}/healthz`, entries);
    killWorker(workerPids[0]);
    const replacement = (await logged('replacement worker ready')).workerPid as number;
    const afterReplacement = await getStatus(`http://127.0.0.1:${port}/readyz`);
    const stopAskedAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;

    expect(new Set(statuses)).toEqual(new Set([200]));
    expect([...servedBy].sort()).toEqual([...workerPids].sort());
    expect(workerPids).not.toContain(replacement);
    expect(afterReplacement).toBe(200);
    expect(code).toBe(0);
    expect(Date.now() - stopAskedAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect([workerPids[1], replacement].filter((pid) => pid !== undefined && isAlive(pid))).toEqual([]);
  });
});
