import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BACKEND = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/** The service as production runs it (the built JavaScript), or from its TypeScript through tsx. */
function entryArguments(source: boolean): string[] {
  if (source) return ['--import', 'tsx', 'src/main.ts'];
  if (!existsSync(`${BACKEND}/dist/main.js`)) throw new Error('no build in backend/dist: run `npm run build` first');
  return ['dist/main.js'];
}

function rssKib(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function childPids(pid: number): number[] {
  try {
    const listed = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return listed === '' ? [] : listed.split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

/** The service process and its workers (node:cluster forks them as children). */
function processTree(pid: number): number[] {
  return [pid, ...childPids(pid).flatMap(processTree)];
}

// /proc reports CPU time in clock ticks, 100 a second on Linux.
const TICKS_PER_SECOND = 100;

function cpuMs(pid: number): number {
  try {
    // The fields after the command name (which may hold spaces) start at the state; utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface RssSample {
  /** The largest resident set of any one process of the service, in MB. */
  readonly perProcessMb: number;
  /** The resident sets of all its processes together, in MB. */
  readonly totalMb: number;
}

export interface RunningService {
  readonly url: string;
  readonly pid: number;
  readonly startupMs: number;
  rss(): RssSample;
  /** CPU time the service's processes have used so far, in ms. */
  cpuMs(): number;
  /** Samples RSS until `stop` is called and returns the peaks. */
  watchPeakRss(): { stop(): RssSample };
  stop(): Promise<number | null>;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${String(child.exitCode)} before it was ready`);
    const ready = await fetch(`${url}/readyz`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the service was not ready within ${timeoutMs} ms`);
}

function sample(pid: number): RssSample {
  const sizes = processTree(pid).map(rssKib);
  return { perProcessMb: Math.max(0, ...sizes) / 1024, totalMb: sizes.reduce((sum, size) => sum + size, 0) / 1024 };
}

export async function startService(env: Readonly<Record<string, string>>, source = false): Promise<RunningService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const child = spawn(process.execPath, entryArguments(source), {
    cwd: BACKEND,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
  await waitReady(url, child, 60_000);
  const startupMs = performance.now() - startedAt;
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    startupMs,
    rss: () => sample(pid),
    cpuMs: () => processTree(pid).reduce((total, each) => total + cpuMs(each), 0),
    watchPeakRss: () => {
      let peak: RssSample = sample(pid);
      const timer = setInterval(() => {
        const now = sample(pid);
        peak = { perProcessMb: Math.max(peak.perProcessMb, now.perProcessMb), totalMb: Math.max(peak.totalMb, now.totalMb) };
      }, 100);
      return {
        stop: () => {
          clearInterval(timer);
          return peak;
        },
      };
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
