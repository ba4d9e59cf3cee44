import type { AuditEntry } from '../../audit/index.js';
import { postgresErrorOf } from '../../shared/database-errors.js';
import type { Database } from '../../shared/database.js';
import { DependencyUnavailableError } from '../../shared/errors.js';
import type { AccountId } from '../../shared/ids.js';
import type { WorkflowVersion } from '../application/dtos.js';
import type { CreateOutcome, IdempotencyRecord, ListCriteria, ListedWorkflow, WorkflowRepository } from '../application/ports.js';
import type { Workflow } from '../domain/entities.js';
import { WorkflowNameTakenError } from '../domain/exceptions.js';
import { workflowNameKey, type WorkflowName } from '../domain/value-objects.js';
import { listStatement } from './workflow-list-query.js';
import { toEntity, toVersion, VERSION_AS_WORKFLOW, WORKFLOW_COLUMNS, WORKFLOW_NAME_INDEX, type VersionRow, type WorkflowRow } from './workflow-rows.js';
import { workflowInsert, workflowSave } from './workflow-writes.js';

// Reads go straight to the driver: a query builder cost a fifth of a read's CPU.
const FIND_LIVE = `SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL`;
const FIND_ANY = `SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE account_id = $1 AND id = $2`;
const FIND_VERSION = `SELECT ${VERSION_AS_WORKFLOW} FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id
  WHERE v.account_id = $1 AND v.workflow_id = $2 AND v.version = $3`;
// Versions of live workflows only: a deleted workflow's history is hidden until it is restored.
const VERSION_COLUMNS = `v.workflow_id, v.version, v.action, v.name, v.description, v.status, v.trigger_type, v.trigger_config, v.changed_by, v.changed_at`;
const OF_LIVE_WORKFLOW = 'FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id AND w.account_id = $1 AND w.deleted_at IS NULL WHERE v.account_id = $1 AND v.workflow_id = $2';
const LIST_VERSIONS = `SELECT ${VERSION_COLUMNS} ${OF_LIVE_WORKFLOW} AND ($3::integer IS NULL OR v.version < $3) ORDER BY v.version DESC LIMIT $4`;
const GET_VERSION = `SELECT ${VERSION_COLUMNS} ${OF_LIVE_WORKFLOW} AND v.version = $3`;
const FIND_LIVE_ID_BY_NAME_KEY = 'SELECT id FROM workflows WHERE account_id = $1 AND name_key = $2 AND deleted_at IS NULL';
const FIND_KEY = 'SELECT fingerprint, workflow_id FROM idempotency_keys WHERE account_id = $1 AND user_id = $2 AND key = $3 AND created_at > $4';
const PURGE_KEYS = `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
  SELECT ctid FROM idempotency_keys WHERE created_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`;

// The functions of src/workflows/sql/ write a workflow with its version and audit rows in one
// statement, from one record each (workflow-writes.ts).
const INSERT = 'SELECT outcome, existing_id, replay_id FROM workflow_insert($1::jsonb)';
const SAVE = 'SELECT saved FROM workflow_save($1::jsonb)';

interface InsertResult {
  readonly outcome: 'created' | 'name_taken' | 'replayed' | 'key_reused' | 'key_in_use';
  readonly existing_id: string | null;
  readonly replay_id: string | null;
}

/** What one attempt at a named write gave: done, or the name is held (by a known holder or one to look up). */
type Attempt<T> = { readonly done: T } | { readonly nameTaken: string | null };

// A name can be taken and freed again between a write and the lookup of its holder; a few tries settle it.
const NAMED_WRITE_ATTEMPTS = 3;

export class PostgresWorkflowRepository implements WorkflowRepository {
  constructor(private readonly database: Pick<Database, 'query' | 'write'>) {}

  async create(workflow: Workflow, audit: AuditEntry, idempotency?: IdempotencyRecord): Promise<CreateOutcome> {
    return this.namedWrite(workflow, async (): Promise<Attempt<CreateOutcome>> => {
      const [result] = await this.database.write<InsertResult>(INSERT, [JSON.stringify(workflowInsert(workflow, audit, idempotency))]);
      if (result === undefined) throw new Error('workflow_insert returned no row');
      if (result.outcome === 'name_taken') return { nameTaken: result.existing_id };
      if (result.outcome === 'replayed' && result.replay_id !== null) return { done: { kind: 'replayed', workflowId: result.replay_id } };
      if (result.outcome === 'key_reused' || result.outcome === 'key_in_use') return { done: { kind: result.outcome } };
      return { done: { kind: 'created' } };
    });
  }

  async save(workflow: Workflow, expectedVersion: number, audit: AuditEntry): Promise<boolean> {
    return this.namedWrite(workflow, async () => {
      try {
        const [result] = await this.database.write<{ saved: boolean }>(SAVE, [JSON.stringify(workflowSave(workflow, expectedVersion, audit))]);
        return { done: result?.saved === true };
      } catch (error) {
        const cause = postgresErrorOf(error);
        if (cause?.code === '23505' && cause.constraint === WORKFLOW_NAME_INDEX) return { nameTaken: null };
        throw error;
      }
    });
  }

  async findById(accountId: AccountId, id: string, options?: { readonly includeDeleted: boolean }): Promise<Workflow | null> {
    const [row] = await this.database.query<WorkflowRow>(options?.includeDeleted === true ? FIND_ANY : FIND_LIVE, [accountId, id]);
    return row === undefined ? null : toEntity(row);
  }

  async findVersion(accountId: AccountId, id: string, version: number): Promise<Workflow | null> {
    const [row] = await this.database.query<WorkflowRow>(FIND_VERSION, [accountId, id, version]);
    return row === undefined ? null : toEntity(row);
  }

  async listVersions(accountId: AccountId, id: string, page: { readonly limit: number; readonly before?: number | undefined }): Promise<WorkflowVersion[]> {
    return (await this.database.query<VersionRow>(LIST_VERSIONS, [accountId, id, page.before ?? null, page.limit])).map(toVersion);
  }

  async getVersion(accountId: AccountId, id: string, version: number): Promise<WorkflowVersion | null> {
    const [row] = await this.database.query<VersionRow>(GET_VERSION, [accountId, id, version]);
    return row === undefined ? null : toVersion(row);
  }

  async list(accountId: AccountId, criteria: ListCriteria): Promise<ListedWorkflow[]> {
    const { text, values } = listStatement(accountId, criteria);
    const rows = await this.database.query<WorkflowRow & { sort_key: string; list_snapshot: string }>(text, values);
    return rows.map((row) => ({ workflow: toEntity(row), key: row.sort_key, snapshot: row.list_snapshot }));
  }

  async findIdempotentOutcome(accountId: AccountId, idempotency: IdempotencyRecord): Promise<CreateOutcome | null> {
    const [row] = await this.database.query<{ fingerprint: string; workflow_id: string }>(FIND_KEY, [accountId, idempotency.userId, idempotency.key, idempotency.since.toISOString()]);
    if (row === undefined) return null;
    return row.fingerprint === idempotency.fingerprint ? { kind: 'replayed', workflowId: row.workflow_id } : { kind: 'key_reused' };
  }

  async purgeIdempotencyKeys(before: Date, batch: number): Promise<number> {
    return (await this.database.write<unknown>(`${PURGE_KEYS} RETURNING 1`, [before.toISOString(), batch])).length;
  }

  /**
   * The one place where the name index's verdict becomes WorkflowNameTakenError, for every write that
   * sets a name (create, rename, restore): the error always names the live holder, so when the holder
   * is gone by the time it is looked up, the write is tried again.
   */
  private async namedWrite<T>(workflow: Workflow, attempt: () => Promise<Attempt<T>>): Promise<T> {
    for (let tries = 1; tries <= NAMED_WRITE_ATTEMPTS; tries += 1) {
      const result = await attempt();
      if ('done' in result) return result.done;
      const holder = result.nameTaken ?? (await this.findLiveIdByName(workflow.accountId, workflow.name, workflow.id));
      if (holder !== undefined) throw new WorkflowNameTakenError(holder);
    }
    throw new DependencyUnavailableError('database', { cause: new Error('a workflow name kept changing hands during a write') });
  }

  private async findLiveIdByName(accountId: AccountId, name: WorkflowName, except: string): Promise<string | undefined> {
    const rows = await this.database.query<{ id: string }>(FIND_LIVE_ID_BY_NAME_KEY, [accountId, workflowNameKey(name)]);
    return rows.find((row) => row.id !== except)?.id;
  }
}
