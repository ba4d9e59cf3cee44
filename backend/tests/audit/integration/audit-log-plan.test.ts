import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditFilter, AuditPosition } from '../../../src/audit/application/audit-log-reader.js';
import { makeListAuditLogs } from '../../../src/audit/application/list-audit-logs.js';
import { PostgresAuditLogReader } from '../../../src/audit/index.js';
import type { Actor } from '../../../src/auth/index.js';
import type { Database } from '../../../src/shared/database.js';
import type { AccountId, UserId } from '../../../src/shared/ids.js';
import { loadSchema, migrate } from '../../../src/shared/migrate.js';
import { closeEmptyDatabases, databaseKinds, emptyDatabase } from '../../support/database.js';

afterAll(closeEmptyDatabases);

const PAGE_SIZE = 20;
const ACCOUNT_ROWS = 100_000;
const OTHER_ACCOUNTS = 20;
// Of every 7 rows, 5 are the account's and 2 another account's, all interleaved in time.
const ALL_ROWS = (ACCOUNT_ROWS / 5) * 7;

/**
 * Realistic rows: an entity (workflow) has about ten entries, an actor about two thousand, two
 * entries share each second, and `changes` holds a workflow snapshot of a few hundred bytes.
 */
const SEED = `INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
  SELECT gen_random_uuid(),
    CASE WHEN n % 7 < 5 THEN $1::uuid ELSE md5('account' || (n % ${OTHER_ACCOUNTS}))::uuid END,
    md5('actor' || (n % 50))::uuid, 'user_' || (n % 50),
    (ARRAY['workflow.created', 'workflow.updated', 'workflow.activated', 'workflow.paused', 'workflow.deleted'])[1 + n % 5],
    'workflow',
    CASE WHEN n % 7 < 5 THEN md5('entity' || (n % 10000))::uuid ELSE md5('other entity' || (n % 4000))::uuid END,
    'req-' || n, '203.0.113.7', 'Mozilla/5.0',
    jsonb_build_object('before', NULL, 'after', jsonb_build_object(
      'id', md5('entity' || (n % 10000))::uuid, 'name', 'Nightly digest ' || n, 'description', repeat('Posts a digest. ', 8),
      'status', 'draft', 'trigger_type', 'schedule', 'trigger_config', jsonb_build_object('cron', '0 2 * * *', 'timezone', 'Europe/Paris'),
      'version', 1 + n % 9, 'deleted_at', NULL)),
    timestamptz '2025-01-01T00:00:00Z' + (n / 2) * interval '1 second'
  FROM generate_series(1, ${ALL_ROWS}) AS n`;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Filter?: string;
  readonly 'Rows Removed by Filter'?: number;
  readonly 'Plan Rows': number;
  readonly 'Actual Rows': number;
  readonly 'Shared Hit Blocks'?: number;
  readonly 'Shared Read Blocks'?: number;
  readonly Plans?: readonly PlanNode[];
}

interface Explained {
  readonly Plan: PlanNode;
  readonly 'Planning Time': number;
  readonly 'Execution Time': number;
}

interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/** The statement the API's use case has the reader send for one page, captured instead of run. */
async function statementFor(actor: Actor, filter: AuditFilter, after?: AuditPosition): Promise<Statement> {
  const sent: Statement[] = [];
  const recorder = {
    query: <R>(text: string, values: readonly unknown[] = []): Promise<R[]> => {
      sent.push({ text, values });
      return Promise.resolve([]);
    },
  };
  await makeListAuditLogs({ auditLogs: new PostgresAuditLogReader(recorder) })({ actor, filter, limit: PAGE_SIZE, after });
  const [statement] = sent;
  if (statement === undefined || sent.length !== 1) throw new Error(`the reader sent ${String(sent.length)} statements`);
  return statement;
}

/** The plan PostgreSQL runs for the statement, with these very values bound (a custom plan, as the driver gets). */
async function explain(database: Database, statement: Statement): Promise<Explained> {
  const [row] = await database.query<{ 'QUERY PLAN': Explained[] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values);
  const explained = row?.['QUERY PLAN'][0];
  if (explained === undefined) throw new Error('EXPLAIN returned no plan');
  return explained;
}

function summary(name: string, explained: Explained): string {
  const nodes = nodesOf(explained.Plan);
  const lines = nodes.map((node, depth) => {
    const index = node['Index Name'] === undefined ? '' : ` on ${node['Index Name']}`;
    const condition = node['Index Cond'] === undefined ? '' : ` cond ${node['Index Cond']}`;
    const filter = node.Filter === undefined ? '' : ` filter ${node.Filter} (removed ${String(node['Rows Removed by Filter'] ?? 0)})`;
    const blocks = ` buffers hit ${String(node['Shared Hit Blocks'] ?? 0)} read ${String(node['Shared Read Blocks'] ?? 0)}`;
    return `${'  '.repeat(depth + 1)}${node['Node Type']}${index}: estimated ${String(node['Plan Rows'])} rows, actual ${String(node['Actual Rows'])}${blocks}${condition}${filter}`;
  });
  return [`audit log plan — ${name}: planning ${explained['Planning Time'].toFixed(3)} ms, execution ${explained['Execution Time'].toFixed(3)} ms`, ...lines].join('\n');
}

describe.runIf(databaseKinds().includes('postgres'))(`audit log query plans on PostgreSQL, ${String(ACCOUNT_ROWS)} entries in one account`, () => {
  const actor: Actor = { accountId: randomUUID() as AccountId, userId: randomUUID() as UserId, userRef: 'user_auditor' };
  let database: Database;
  let entityId: string;
  let actorId: string;
  let middle: AuditPosition;

  beforeAll(async () => {
    database = await emptyDatabase('postgres');
    await migrate(database, await loadSchema());
    await database.query(SEED, [actor.accountId]);
    await database.query('ANALYZE audit_logs');
    const [sample] = await database.query<{ entity_id: string; actor_id: string }>('SELECT entity_id, actor_id FROM audit_logs WHERE account_id = $1 ORDER BY occurred_at LIMIT 1', [actor.accountId]);
    const [position] = await database.query<AuditPosition>(
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt", id
        FROM audit_logs WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC OFFSET $2 LIMIT 1`,
      [actor.accountId, ACCOUNT_ROWS / 2],
    );
    if (sample === undefined || position === undefined) throw new Error('the seed wrote no rows');
    entityId = sample.entity_id;
    actorId = sample.actor_id;
    middle = position;
  }, 60_000);

  it('seeds the account and its neighbours', async () => {
    const counts = await database.query<{ accounts: number; own: number }>('SELECT count(DISTINCT account_id)::int AS accounts, count(*) FILTER (WHERE account_id = $1)::int AS own FROM audit_logs', [actor.accountId]);

    expect(counts).toEqual([{ accounts: OTHER_ACCOUNTS + 1, own: ACCOUNT_ROWS }]);
  });

  it.each([
    ['the account alone', 'audit_logs_account_occurred_idx', () => ({ filter: {} })],
    ['one entity', 'audit_logs_account_entity_occurred_idx', () => ({ filter: { entityId } })],
    ['one actor', 'audit_logs_account_actor_occurred_idx', () => ({ filter: { actorId } })],
    ['a page in the middle, after a cursor', 'audit_logs_account_occurred_idx', () => ({ filter: {}, after: middle })],
    [
      'a time window',
      'audit_logs_account_occurred_idx',
      () => ({ filter: { occurredAfter: '2025-01-01T10:00:00Z', occurredBefore: '2025-01-01T12:00:00Z' } }),
    ],
  ] as const)('reads %s on %s in page order: no sort, no sequential scan', async (name, index, query) => {
    const { filter, after } = { after: undefined, ...query() };
    const statement = await statementFor(actor, filter, after);

    const explained = await explain(database, statement);

    console.log(summary(name, explained));
    const nodes = nodesOf(explained.Plan);
    const scans = nodes.filter((node) => node['Node Type'].includes('Scan'));
    expect(statement.text).toMatch(/ORDER BY occurred_at DESC, id DESC LIMIT \$\d+$/);
    expect(statement.values.at(-1)).toBe(PAGE_SIZE + 1);
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort');
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Incremental Sort');
    expect(scans).toEqual([expect.objectContaining({ 'Node Type': expect.stringMatching(/^Index (Only )?Scan$/) as unknown, 'Index Name': index })]);
    // The index hands rows over in page order: the scan stops at the page, discarding nothing.
    expect(scans[0]?.['Actual Rows']).toBeLessThanOrEqual(PAGE_SIZE + 1);
    expect(scans[0]?.['Rows Removed by Filter'] ?? 0).toBe(0);
  });
});
