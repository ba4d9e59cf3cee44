import type { BaselineFigures } from './baselines.js';
import type { Endpoint, LoadFigures } from './load.js';
import type { RssSample } from './service-process.js';

export interface PointResult extends LoadFigures {
  readonly endpoint: Endpoint;
  readonly connections: number;
  readonly peakRss: RssSample;
  /** Service CPU time per request served, in ms: steadier than throughput on a shared machine. */
  readonly cpuMsPerRequest: number;
}

export interface ModeResult {
  readonly mode: string;
  readonly workers: number;
  readonly firstStartMs: number;
  readonly laterStartMs: number;
  readonly idleRss: RssSample;
  readonly points: readonly PointResult[];
}

export interface BaselineResult {
  readonly connections: number;
  readonly sameSql: BaselineFigures;
  readonly reference: BaselineFigures | undefined;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const pad = (cells: readonly string[], widths: readonly number[]) => cells.map((cell, index) => cell.padStart(widths[index] ?? 8)).join('  ');
const WIDTHS = [8, 6, 9, 8, 8, 7, 7, 11, 11, 10];

export function printMode(result: ModeResult): void {
  console.log(`\n== ${result.mode}, ${result.workers} worker(s): ready in ${fixed(result.firstStartMs)} ms (first start), ${fixed(result.laterStartMs)} ms (later start); idle RSS ${fixed(result.idleRss.perProcessMb)} MB per process`);
  console.log(pad(['endpoint', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non2xx', 'peak MB/pr', 'peak MB all', 'CPU ms/req'], WIDTHS));
  for (const point of result.points) {
    console.log(
      pad(
        [point.endpoint, String(point.connections), fixed(point.requestsPerSecond), fixed(point.p50Ms, 1), fixed(point.p99Ms, 1), String(point.errors), String(point.non2xx), fixed(point.peakRss.perProcessMb), fixed(point.peakRss.totalMb), fixed(point.cpuMsPerRequest, 2)],
        WIDTHS,
      ),
    );
  }
}

export function printBaselines(mode: ModeResult, baselines: readonly BaselineResult[]): void {
  console.log(`\n   create, ${mode.mode} with ${mode.workers} worker(s), against the database alone (same run):`);
  console.log(pad(['conns', 'service/s', 'same-SQL/s', 'ratio', 'pgbench/s', 'ratio'], [6, 10, 11, 6, 10, 6]));
  for (const baseline of baselines) {
    const service = mode.points.find((point) => point.endpoint === 'create' && point.connections === baseline.connections)?.requestsPerSecond ?? Number.NaN;
    const reference = baseline.reference?.transactionsPerSecond ?? Number.NaN;
    const ratio = (value: number) => `${fixed((100 * service) / value)}%`;
    console.log(pad([String(baseline.connections), fixed(service), fixed(baseline.sameSql.transactionsPerSecond), ratio(baseline.sameSql.transactionsPerSecond), fixed(reference), ratio(reference)], [6, 10, 11, 6, 10, 6]));
  }
}
