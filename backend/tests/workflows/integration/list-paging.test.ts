import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowService } from '../../support/workflow-service.js';
import type { Database } from '../../../src/shared/database.js';
import type { AccountId } from '../../../src/shared/ids.js';
import type { CreateWorkflowCommand, ListPosition, WorkflowFilter, WorkflowSort } from '../../../src/workflows/application/dtos.js';
import type { ListCriteria } from '../../../src/workflows/application/ports.js';
import type { Workflow } from '../../../src/workflows/domain/entities.js';
import { workflowSearchKey } from '../../../src/workflows/domain/value-objects.js';
import { listStatement } from '../../../src/workflows/infrastructure/workflow-list-query.js';
import { aClock, aCreateCommand, anActor, anOrigin, FIXED_NOW, randomIds } from '../../support/builders.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const PAGE = 5;
const SORTS: readonly WorkflowSort[] = ['-created_at', 'created_at', 'name', '-name', '-updated_at', 'updated_at'];
// Names made of ASCII letters only order the same under every collation once case-folded.
const WORDS = ['Alpha', 'bravo', 'Charlie', 'delta', 'Echo', 'foxtrot', 'Golf', 'hotel', 'India', 'juliett', 'Kilo', 'lima'];
// The originals are edited in this order after their creation, so updated_at orders them apart from created_at.
const EDIT_ORDER = [5, 0, 11, 3, 8, 1, 10, 6, 2, 9, 4, 7];
const unusedVerifier = { verify: () => Promise.reject(new Error('use-case tests verify no token')) };

const ids = (workflows: readonly Workflow[]) => workflows.map((workflow) => workflow.id);
const LIVE: WorkflowFilter = { deleted: false };

type Compare = (a: Workflow, b: Workflow) => number;
const byTime = (key: 'createdAt' | 'updatedAt'): Compare => (a, b) => a[key].getTime() - b[key].getTime() || a.id.localeCompare(b.id);
const byName: Compare = (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en') || a.id.localeCompare(b.id);
const ORDERS: Readonly<Record<WorkflowSort, Compare>> = {
  created_at: byTime('createdAt'),
  '-created_at': (a, b) => byTime('createdAt')(b, a),
  updated_at: byTime('updatedAt'),
  '-updated_at': (a, b) => byTime('updatedAt')(b, a),
  name: byName,
  '-name': (a, b) => byName(b, a),
};

/** The ids of `workflows` in the order `sort` puts them. */
function inOrder(workflows: readonly Workflow[], sort: WorkflowSort): string[] {
  return ids(workflows.toSorted(ORDERS[sort]));
}

function expectSeenOnceEach(seen: readonly Workflow[], originals: readonly Workflow[], sort: WorkflowSort): void {
  const seenIds = ids(seen);
  const originalIds = new Set(ids(originals));
  expect(new Set(seenIds).size).toBe(seenIds.length);
  expect(seenIds.filter((id) => originalIds.has(id))).toEqual(inOrder(originals, sort));
}

describe.each(databaseKinds())('paging through workflows on %s', (kind) => {
  const setup = async () => {
    const database = await sharedDatabase(kind);
    // The list looks for rows changed since its first page among those stamped at most a few minutes
    // before it, trusting clocks to be that close to the database's: this one starts from the real time.
    const clock = aClock(new Date());
    const service = workflowService({ database, verifier: unusedVerifier, clock, ids: randomIds, restoreWindowDays: 30, idempotencyTtlHours: 24 });
    const actor = anActor();
    const command = (id: string) => {
      clock.advance(MINUTE_MS);
      return { actor, origin: anOrigin(), id };
    };
    const create = async (overrides: Partial<CreateWorkflowCommand> = {}) => {
      clock.advance(MINUTE_MS);
      return (await service.createWorkflow(aCreateCommand({ actor, ...overrides }))).workflow;
    };
    const describeAs = (id: string, description: string) => service.editWorkflow({ ...command(id), kind: 'patch', patch: { description } });
    const rename = (id: string, name: string) => service.editWorkflow({ ...command(id), kind: 'patch', patch: { name } });
    /** Twelve workflows, created one a minute apart, then edited in another order. */
    const originals = async () => {
      const created: Workflow[] = [];
      for (const name of WORDS) created.push(await create({ name }));
      const edited = new Map<string, Workflow>();
      for (const index of EDIT_ORDER) {
        const workflow = created[index];
        if (workflow !== undefined) edited.set(workflow.id, await describeAs(workflow.id, `Edited ${index}`));
      }
      return created.map((workflow) => edited.get(workflow.id) ?? workflow);
    };
    /** Every page of a list, with `between` run (a minute later) after each page but the last. */
    const readAll = async (sort: WorkflowSort, filter: WorkflowFilter = LIVE, between: (seen: readonly Workflow[]) => Promise<void> = () => Promise.resolve()) => {
      const seen: Workflow[] = [];
      let after: ListPosition | undefined;
      for (let pages = 0; pages < 50; pages += 1) {
        const page = await service.listWorkflows({ actor, filter, sort, limit: PAGE, after });
        seen.push(...page.workflows);
        if (page.next === null) return seen;
        after = page.next;
        clock.advance(MINUTE_MS);
        await between(seen);
      }
      throw new Error('the list never reached its last page');
    };
    return { database, clock, service, actor, command, create, describeAs, rename, originals, readAll };
  };

  it.each(SORTS)('reads every page in %s order, each row once', async (sort) => {
    const { originals, readAll } = await setup();
    const rows = await originals();

    const seen = await readAll(sort);

    expect(ids(seen)).toEqual(inOrder(rows, sort));
  });

  it.each(SORTS)('shows no row twice and skips no original when rows are created between pages, sorted by %s', async (sort) => {
    const { clock, create, originals, readAll } = await setup();
    const rows = await originals();
    let round = 0;

    const seen = await readAll(sort, LIVE, async () => {
      round += 1;
      await create({ name: `Added now ${round}` });
      // Another instance's clock may lag: a row can land among the originals.
      clock.advance(-20 * MINUTE_MS);
      await create({ name: `${WORDS[round] ?? 'Extra'} added ${round}` });
      clock.advance(20 * MINUTE_MS);
    });

    expectSeenOnceEach(seen, rows, sort);
  });

  it.each(['name', '-name'] as const)('keeps every row where it was when rows are renamed between pages, sorted by %s', async (sort) => {
    const { rename, originals, readAll } = await setup();
    const rows = await originals();
    let round = 0;

    const seen = await readAll(sort, LIVE, async (seenSoFar) => {
      round += 1;
      const seenIds = new Set(ids(seenSoFar));
      const unseen = rows.filter((workflow) => !seenIds.has(workflow.id));
      const renames: [Workflow | undefined, string][] = [
        [seenSoFar[0], `zzz seen ${round}`],
        [seenSoFar.at(-1), `aaa seen ${round}`],
        [unseen[0], `aaa unseen ${round}`],
        [unseen.at(-1), `zzz unseen ${round}`],
      ];
      for (const [workflow, name] of renames) if (workflow !== undefined) await rename(workflow.id, name);
    });

    expect(ids(seen)).toEqual(inOrder(rows, sort));
  });

  it.each(['updated_at', '-updated_at'] as const)('keeps every row where it was when rows are edited between pages, sorted by %s', async (sort) => {
    const { describeAs, originals, readAll } = await setup();
    const rows = await originals();
    let round = 0;

    const seen = await readAll(sort, LIVE, async (seenSoFar) => {
      round += 1;
      const seenIds = new Set(ids(seenSoFar));
      const unseen = rows.filter((workflow) => !seenIds.has(workflow.id));
      const changed = [seenSoFar[0], seenSoFar.at(-1), unseen[0], unseen.at(-1)];
      for (const workflow of changed) if (workflow !== undefined) await describeAs(workflow.id, `Round ${round}`);
    });

    expect(ids(seen)).toEqual(inOrder(rows, sort));
  });

  it('pages through a filtered list while rows change, each matching row once', async () => {
    const { service, command, describeAs, originals, readAll } = await setup();
    const rows = await originals();
    const active = rows.filter((_, index) => index % 2 === 0);
    for (const workflow of active) await service.changeWorkflowStatus({ ...command(workflow.id), action: 'activate' });
    const current = await readAll('-updated_at', { deleted: false, statuses: ['active'] });

    const seen = await readAll('-updated_at', { deleted: false, statuses: ['active'] }, async (seenSoFar) => {
      const seenIds = new Set(ids(seenSoFar));
      const unseen = current.filter((workflow) => !seenIds.has(workflow.id));
      if (unseen[0] !== undefined) await describeAs(unseen[0].id, 'Moved to the front');
    });

    expectSeenOnceEach(seen, current, '-updated_at');
    expect(new Set(ids(seen))).toEqual(new Set(ids(active)));
  });

  describe('filters', () => {
    it('lists the workflows in one of the statuses asked for', async () => {
      const { service, actor, command, create } = await setup();
      const draft = await create();
      const active = await create();
      const paused = await create();
      const archived = await create();
      await service.changeWorkflowStatus({ ...command(active.id), action: 'activate' });
      await service.changeWorkflowStatus({ ...command(paused.id), action: 'activate' });
      await service.changeWorkflowStatus({ ...command(paused.id), action: 'pause' });
      await service.changeWorkflowStatus({ ...command(archived.id), action: 'archive' });

      const running = await service.listWorkflows({ actor, filter: { deleted: false, statuses: ['active', 'paused'] }, sort: 'created_at', limit: 10 });
      const drafts = await service.listWorkflows({ actor, filter: { deleted: false, statuses: ['draft'] }, sort: 'created_at', limit: 10 });

      expect(ids(running.workflows)).toEqual([active.id, paused.id]);
      expect(ids(drafts.workflows)).toEqual([draft.id]);
    });

    it('lists the workflows with one of the trigger types asked for, "none" meaning no trigger', async () => {
      const { service, actor, create } = await setup();
      const none = await create({ triggerType: null, triggerConfig: {} });
      const webhook = await create({ triggerType: 'webhook', triggerConfig: {} });
      await create();

      const untriggered = await service.listWorkflows({ actor, filter: { deleted: false, triggerTypes: ['none'] }, sort: 'created_at', limit: 10 });
      const either = await service.listWorkflows({ actor, filter: { deleted: false, triggerTypes: ['none', 'webhook'] }, sort: 'created_at', limit: 10 });

      expect(ids(untriggered.workflows)).toEqual([none.id]);
      expect(ids(either.workflows)).toEqual([none.id, webhook.id]);
    });

    it.each([
      ['STRASSE', ['Straße report']],
      ['report', ['Straße report', 'Weekly REPORT']],
      ['ＲＥＰＯＲＴ', ['Straße report', 'Weekly REPORT']],
      ['ly  rep', ['Weekly REPORT']],
      ['%', ['100% done']],
      ['_', []],
      ['nothing like it', []],
    ])('finds the names containing %j, whatever their case or form', async (query, names) => {
      const { service, actor, create } = await setup();
      for (const name of ['Straße report', 'Weekly REPORT', '100% done', 'Summary']) await create({ name });

      const found = await service.listWorkflows({ actor, filter: { deleted: false, q: workflowSearchKey(query) }, sort: 'created_at', limit: 10 });

      expect(found.workflows.map((workflow) => workflow.name)).toEqual(names);
    });
  });

  describe('the trash', () => {
    it('lists the workflows deleted within the restore window, most recently deleted first', async () => {
      const { service, actor, clock, command, create } = await setup();
      const [expired, older, newer] = [await create(), await create(), await create()];
      await create();
      await service.deleteWorkflow(command(expired.id));
      clock.advance(20 * DAY_MS);
      await service.deleteWorkflow(command(older.id));
      await service.deleteWorkflow(command(newer.id));
      clock.advance(10 * DAY_MS);

      const trash = await service.listWorkflows({ actor, filter: { deleted: true }, sort: '-created_at', limit: 10 });

      expect(ids(trash.workflows)).toEqual([newer.id, older.id]);
    });

    it('pages through the trash while more is deleted, each deleted row once', async () => {
      const { service, actor, command, create, readAll } = await setup();
      const rows: Workflow[] = [];
      for (let index = 0; index < 12; index += 1) rows.push(await create());
      for (const workflow of rows.slice(0, 9)) await service.deleteWorkflow(command(workflow.id));
      const trashed = (await service.listWorkflows({ actor, filter: { deleted: true }, sort: '-created_at', limit: 100 })).workflows;
      const stillLive = rows.slice(9);

      const seen = await readAll('-created_at', { deleted: true }, async () => {
        const next = stillLive.shift();
        if (next !== undefined) await service.deleteWorkflow(command(next.id));
      });

      const seenIds = ids(seen);
      expect(new Set(seenIds).size).toBe(seenIds.length);
      expect(seenIds.filter((id) => ids(trashed).includes(id))).toEqual(ids(trashed));
      expect(ids(trashed)).toEqual(ids(rows.slice(0, 9)).reverse());
    });
  });
});

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

const ACCOUNTS = 20;
const ROWS = 2_000;
const LARGE_ACCOUNT_ROWS = 1_000;

/**
 * 2,000 workflows across 20 accounts: the first account has 1,000 (a large account, where reading a
 * page in index order pays off most), the others about 50 each. Every tenth row is in the trash, and
 * every row has its first version.
 */
async function insertPlanRows(database: Database, accounts: readonly AccountId[]): Promise<void> {
  await database.query(
    `INSERT INTO workflows (id, account_id, name, name_key, description, status, trigger_config, version, created_at, updated_at, deleted_at)
     SELECT gen_random_uuid(), ($1::uuid[])[CASE WHEN g <= ${LARGE_ACCOUNT_ROWS} THEN 1 ELSE 2 + g % ${ACCOUNTS - 1} END],
            'Plan row ' || g, 'plan row ' || g, '', 'draft', '{}'::jsonb, 1,
            $2::timestamptz + make_interval(secs => g), $2::timestamptz + make_interval(secs => g),
            CASE WHEN g % 10 = 0 THEN $2::timestamptz + make_interval(secs => ${ROWS} + g) END
       FROM generate_series(1, ${ROWS}) AS g`,
    [accounts, FIXED_NOW.toISOString()],
  );
  await database.query(
    `INSERT INTO workflow_versions (workflow_id, version, account_id, action, name, name_key, description, status, trigger_type, trigger_config, deleted_at, changed_by, changed_at)
     SELECT id, 1, account_id, 'workflow.created', name, name_key, description, status, trigger_type, trigger_config, deleted_at, NULL, updated_at
       FROM workflows WHERE account_id = ANY($1::uuid[])`,
    [accounts],
  );
  await database.query('ANALYZE workflows');
  await database.query('ANALYZE workflow_versions');
}

const NAME_INDEXES = ['workflows_account_name_key_idx', 'workflows_account_name_key_unique'];
const MIDDLE_TIME = new Date(FIXED_NOW.getTime() + 500_000).toISOString().replace('Z', '000Z');

describe.each(databaseKinds())('list query plans on %s', (kind) => {
  const accounts = Array.from({ length: ACCOUNTS }, () => anActor().accountId);
  const [large = anActor().accountId, , , , typical = anActor().accountId] = accounts;

  beforeAll(async () => {
    await insertPlanRows(await sharedDatabase(kind), accounts);
  });

  /** The nodes of the plan of one page of `account`'s list. */
  const planOf = async (account: AccountId, criteria: Partial<ListCriteria>): Promise<PlanNode[]> => {
    const database = await sharedDatabase(kind);
    const { text, values } = listStatement(account, { filter: LIVE, sort: '-created_at', limit: 21, after: undefined, since: undefined, deletedSince: FIXED_NOW, ...criteria });
    const [row] = await database.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
    const document = typeof row?.['QUERY PLAN'] === 'string' ? (JSON.parse(row['QUERY PLAN']) as unknown) : row?.['QUERY PLAN'];
    const [top] = document as [{ Plan: PlanNode }];
    return nodesOf(top.Plan);
  };
  /** Criteria of a later page: after the row at `key`, in a snapshot taken now. */
  const laterPage = async (key: string): Promise<Partial<ListCriteria>> => {
    const [since] = await (await sharedDatabase(kind)).query<{ snapshot: string; as_of: Date }>('SELECT pg_current_snapshot()::text AS snapshot, now() AS as_of');
    if (since === undefined) throw new Error('no snapshot');
    const snapshot = { snapshot: since.snapshot, asOf: since.as_of.toISOString() };
    return { after: { key, id: '00000000-0000-7000-8000-000000000000', ...snapshot }, since: snapshot };
  };
  const indexesOf = (nodes: readonly PlanNode[]) => nodes.flatMap((node) => (node['Index Name'] === undefined ? [] : [node['Index Name']]));
  const seqScansOf = (nodes: readonly PlanNode[]) => nodes.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']);
  const sortsOf = (nodes: readonly PlanNode[]) => nodes.filter((node) => node['Node Type'] === 'Sort');

  it.each([
    ['-created_at', ['workflows_account_created_idx']],
    ['name', NAME_INDEXES],
    ['-updated_at', ['workflows_account_updated_idx']],
  ] as const)('reads the first page of a large account by %s in the order of its index: no sort, no scan of a whole table', async (sort, expected: readonly string[]) => {
    const nodes = await planOf(large, { sort });

    expect(seqScansOf(nodes)).toEqual([]);
    expect(sortsOf(nodes)).toEqual([]);
    expect(indexesOf(nodes).filter((index) => expected.includes(index))).not.toEqual([]);
  });

  it.each([
    ['-created_at', MIDDLE_TIME, ['workflows_account_created_idx']],
    ['name', 'plan row 500', NAME_INDEXES],
    ['-updated_at', MIDDLE_TIME, ['workflows_account_updated_idx']],
  ] as const)('reads a later page of a large account by %s through its index, never scanning a whole table', async (sort, key, expected: readonly string[]) => {
    const nodes = await planOf(large, { sort, ...(await laterPage(key)) });

    expect(seqScansOf(nodes)).toEqual([]);
    expect(indexesOf(nodes).filter((index) => expected.includes(index))).not.toEqual([]);
  });

  it('reads the trash of a large account through its index, never scanning a whole table', async () => {
    const nodes = await planOf(large, { filter: { deleted: true } });

    expect(seqScansOf(nodes)).toEqual([]);
    expect(indexesOf(nodes)).toContain('workflows_account_deleted_idx');
  });

  it.each([
    ['the first page by -created_at', {}],
    ['the first page by name', { sort: 'name' }],
    ['the trash', { filter: { deleted: true } }],
  ] as const)('reads %s of a small account through an index of its own, never scanning a whole table', async (_name, criteria: Partial<ListCriteria>) => {
    const nodes = await planOf(typical, criteria);

    expect(seqScansOf(nodes)).toEqual([]);
    expect(indexesOf(nodes).filter((index) => index.startsWith('workflows_account_'))).not.toEqual([]);
  });
});
