import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { auditEntry, type AuditEntry } from '../../src/audit/index.js';
import { workflowSnapshot } from '../../src/workflows/application/snapshot.js';
import type { Database } from '../../src/shared/database.js';
import { accountIdFromOrganization, userIdFromClerkUser, uuidV7 } from '../../src/shared/ids.js';
import { createWorkflow, type Workflow } from '../../src/workflows/domain/entities.js';
import { PostgresWorkflowRepository } from '../../src/workflows/infrastructure/postgres-workflow-repository.js';

const run = promisify(execFile);

export interface BaselineFigures {
  readonly transactionsPerSecond: number;
  readonly averageLatencyMs: number;
  readonly errors: number;
}

/** The service's write for one create: what a request ends in once HTTP, auth and validation are done. */
function persistCreate(database: Database): (workflow: Workflow, audit: AuditEntry) => Promise<void> {
  const workflows = new PostgresWorkflowRepository(database);
  return async (workflow, audit) => {
    await workflows.create(workflow, audit);
  };
}

function aCreate(account: number): { workflow: Workflow; audit: AuditEntry } {
  const now = new Date();
  const accountId = accountIdFromOrganization(`org_bench_${account}`);
  const actorId = userIdFromClerkUser('user_bench');
  const workflow = createWorkflow(
    { accountId, actorId, name: `Baseline ${uuidV7()}`, triggerType: 'schedule', triggerConfig: { cron: '0 2 * * *', timezone: 'Europe/Paris' } },
    { id: uuidV7(), now },
  );
  const audit = auditEntry(
    {
      actor: { accountId, userId: actorId, userRef: 'user_bench' },
      origin: { requestId: `req-${workflow.id}`, ip: '127.0.0.1', userAgent: 'bench' },
      action: 'workflow.created',
      entity: { type: 'workflow', id: workflow.id },
      before: null,
      after: workflowSnapshot(workflow),
    },
    { id: uuidV7(), at: now },
  );
  return { workflow, audit };
}

/**
 * The same SQL the service sends for a create, through the same driver, `concurrency` at a time,
 * with no HTTP, authentication or validation: what the database allows this code path.
 */
export async function sameSqlBaseline(database: Database, concurrency: number, seconds: number): Promise<BaselineFigures> {
  const persist = persistCreate(database);
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  let latencyTotal = 0;
  const loop = async (index: number) => {
    while (performance.now() < deadline) {
      const { workflow, audit } = aCreate(index % 4);
      const startedAt = performance.now();
      await persist(workflow, audit).then(() => { done += 1; }, () => { errors += 1; });
      latencyTotal += performance.now() - startedAt;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => loop(index)));
  return { transactionsPerSecond: done / seconds, averageLatencyMs: latencyTotal / Math.max(1, done + errors), errors };
}

export const REFERENCE_SCRIPT = fileURLToPath(new URL('../../../../shared/bench/reference-create.pgbench', import.meta.url));

// The reference checks names with lower(normalize(name, NFKC)); the service keys them on name_key
// instead, so the reference gets an index of its own while it runs, as its plain design assumes.
const REFERENCE_INDEX = 'bench_reference_name_lookup';

async function psql(databaseUrl: string, command: string): Promise<void> {
  await run('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-c', command, databaseUrl]);
}

/** The reference create transaction (BEGIN; SELECT; INSERT; INSERT; COMMIT) run by pgbench. */
export async function referenceBaseline(databaseUrl: string, clients: number, seconds: number): Promise<BaselineFigures | undefined> {
  if (!existsSync(REFERENCE_SCRIPT)) return undefined;
  const args = ['-n', '-M', 'prepared', '-f', REFERENCE_SCRIPT, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), databaseUrl];
  await psql(databaseUrl, `CREATE INDEX IF NOT EXISTS ${REFERENCE_INDEX} ON workflows (account_id, lower(normalize(name, NFKC))) WHERE deleted_at IS NULL`);
  const { stdout } = await run('pgbench', args, { maxBuffer: 16 * 1024 * 1024 }).finally(() => psql(databaseUrl, `DROP INDEX IF EXISTS ${REFERENCE_INDEX}`));
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? Number.NaN);
  const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
  return { transactionsPerSecond: tps, averageLatencyMs: latency, errors: failed };
}
