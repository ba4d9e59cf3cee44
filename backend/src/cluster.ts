import cluster from 'node:cluster';
import type { Logger } from 'pino';

/** What the supervisor needs of one worker process: a node:cluster worker in production. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  onListening(listener: () => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  signal(signal: NodeJS.Signals): void;
}

/** Forks one worker running this process's entry point (process.argv[1] with its execArgv). */
export function forkClusterWorker(): WorkerProcess {
  const worker = cluster.fork();
  // A signal that cannot be delivered is reported here; the exit event still tells the worker's end.
  worker.on('error', () => undefined);
  return {
    pid: worker.process.pid,
    onListening: (listener) => worker.once('listening', () => { listener(); }),
    onExit: (listener) => worker.once('exit', listener),
    signal: (signal) => { worker.process.kill(signal); },
  };
}

export interface RestartPolicy {
  /** The first replacement of a worker that died young waits this long; each further one doubles it. */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** A worker that ran this long was healthy: it is replaced at once and the doubling starts over. */
  readonly stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { minDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 10_000 };

/**
 * When to replace a worker that died, given how long it ran and how many of its slot's workers died
 * young in a row before it: a crash loop slows down to one attempt per maxDelayMs instead of spinning.
 */
export function nextRestart(uptimeMs: number, youngDeaths: number, policy: RestartPolicy): { delayMs: number; youngDeaths: number } {
  if (uptimeMs >= policy.stableAfterMs) return { delayMs: 0, youngDeaths: 0 };
  const delayMs = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** youngDeaths);
  return { delayMs, youngDeaths: youngDeaths + 1 };
}

export interface SupervisorOptions {
  readonly workers: number;
  readonly fork: () => WorkerProcess;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Each worker's own drain limit (SHUTDOWN_TIMEOUT_MS); a worker still alive a second later is killed. */
  readonly shutdownTimeoutMs: number;
  readonly restartPolicy?: RestartPolicy;
}

interface Slot {
  readonly index: number;
  worker: WorkerProcess | undefined;
  startedAt: number;
  youngDeaths: number;
  restart: NodeJS.Timeout | undefined;
}

// Workers exit 1 themselves when their drain passes SHUTDOWN_TIMEOUT_MS; this margin lets them say so.
const KILL_MARGIN_MS = 1_000;

/**
 * Keeps `workers` worker processes running: forks them, logs when all listen, replaces one that dies
 * (with back-off), and on stop() asks each to drain and reports 0 once all exited cleanly, else 1.
 */
export class WorkerSupervisor {
  /** The primary's exit code, once every worker has exited after stop() or a failed start. */
  readonly exited: Promise<number>;
  private readonly slots: Slot[];
  private readonly policy: RestartPolicy;
  private settle: (code: number) => void = () => undefined;
  private exitCode = 0;
  private listening = 0;
  private started = false;
  private stopping = false;
  private deadline: NodeJS.Timeout | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = options.restartPolicy ?? DEFAULT_RESTART_POLICY;
    this.exited = new Promise((resolve) => { this.settle = resolve; });
    this.slots = Array.from({ length: options.workers }, (_, index) => ({ index, worker: undefined, startedAt: 0, youngDeaths: 0, restart: undefined }));
    for (const slot of this.slots) this.start(slot);
  }

  /** The pid of each slot's current worker (undefined while a replacement waits for its back-off). */
  pids(): (number | undefined)[] {
    return this.slots.map((slot) => slot.worker?.pid);
  }

  /** Asks every worker to drain (SIGTERM: stop accepting, finish in-flight requests, close pools). */
  stop(reason: string, exitCode = 0): void {
    this.exitCode = Math.max(this.exitCode, exitCode);
    if (this.stopping) return;
    this.stopping = true;
    this.options.logger.info({ reason, workerPids: this.pids().filter((pid) => pid !== undefined) }, 'shutting down: every worker finishes its in-flight requests');
    this.deadline = setTimeout(() => { this.killRemaining(); }, this.options.shutdownTimeoutMs + KILL_MARGIN_MS);
    for (const slot of this.slots) {
      clearTimeout(slot.restart);
      slot.worker?.signal('SIGTERM');
    }
    this.settleWhenAllExited();
  }

  private start(slot: Slot): void {
    const worker = this.options.fork();
    slot.worker = worker;
    slot.startedAt = Date.now();
    slot.restart = undefined;
    worker.onListening(() => { this.onListening(slot, worker); });
    worker.onExit((code, signal) => { this.onExit(slot, worker, code, signal); });
  }

  private onListening(slot: Slot, worker: WorkerProcess): void {
    if (this.started) {
      this.options.logger.info({ slot: slot.index, workerPid: worker.pid }, 'replacement worker ready');
      return;
    }
    this.listening += 1;
    if (this.listening < this.slots.length) return;
    this.started = true;
    this.options.logger.info({ workerPids: this.pids() }, 'all workers ready');
  }

  private onExit(slot: Slot, worker: WorkerProcess, code: number | null, signal: string | null): void {
    slot.worker = undefined;
    const context = { slot: slot.index, workerPid: worker.pid, code, signal };
    if (this.stopping) {
      // A worker stopped by the signal itself (before it set up its handler) had nothing in flight.
      if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') this.exitCode = 1;
      this.settleWhenAllExited();
      return;
    }
    if (!this.started) {
      this.options.logger.error(context, 'a worker exited before the service was ready; stopping');
      this.stop('failed start', 1);
      return;
    }
    const { delayMs, youngDeaths } = nextRestart(Date.now() - slot.startedAt, slot.youngDeaths, this.policy);
    slot.youngDeaths = youngDeaths;
    this.options.logger.warn({ ...context, restartInMs: delayMs }, 'worker exited unexpectedly; replacing it');
    slot.restart = setTimeout(() => { this.start(slot); }, delayMs);
  }

  private killRemaining(): void {
    const remaining = this.slots.filter((slot) => slot.worker !== undefined);
    this.options.logger.error({ workerPids: remaining.map((slot) => slot.worker?.pid) }, 'workers did not finish in time; killing them');
    this.exitCode = 1;
    for (const slot of remaining) slot.worker?.signal('SIGKILL');
  }

  private settleWhenAllExited(): void {
    if (this.slots.some((slot) => slot.worker !== undefined)) return;
    clearTimeout(this.deadline);
    this.options.logger.info({ exitCode: this.exitCode }, 'all workers exited');
    this.settle(this.exitCode);
  }
}
