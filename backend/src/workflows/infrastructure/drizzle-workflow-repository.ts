import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { auditInsertFor, type AuditEntry } from '../../audit/index.js';
import type { Database } from '../../shared/database.js';
import { selectRows } from '../../shared/database.js';
import { DependencyUnavailableError } from '../../shared/errors.js';
import type { AccountId, UserId } from '../../shared/ids.js';
import type { WorkflowRepository } from '../application/ports.js';
import type { Workflow } from '../domain/entities.js';
import { WorkflowNameTakenError } from '../domain/exceptions.js';
import { workflowNameKey, type Trigger, type WorkflowDescription, type WorkflowName, type WorkflowStatus } from '../domain/value-objects.js';
import { workflows, type WorkflowRow } from './workflows-table.js';

export function toRow(workflow: Workflow): WorkflowRow {
  return {
    id: workflow.id,
    accountId: workflow.accountId,
    name: workflow.name,
    nameKey: workflowNameKey(workflow.name),
    description: workflow.description,
    status: workflow.status,
    triggerType: workflow.trigger.type,
    triggerConfig: workflow.trigger.config,
    version: workflow.version,
    createdBy: workflow.createdBy,
    updatedBy: workflow.updatedBy,
    createdAt: workflow.createdAt,
    updatedAt: workflow.updatedAt,
    deletedAt: null,
  };
}

/** Rows were valid when written (the domain checked them); reading trusts the schema's constraints. */
export function toEntity(row: WorkflowRow): Workflow {
  return {
    id: row.id,
    accountId: row.accountId as AccountId,
    name: row.name as WorkflowName,
    description: row.description as WorkflowDescription,
    status: row.status as WorkflowStatus,
    trigger: { type: row.triggerType, config: row.triggerConfig } as Trigger,
    version: row.version,
    createdBy: row.createdBy as UserId,
    updatedBy: row.updatedBy as UserId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * One statement, one round trip: the workflow, and its audit row for each workflow inserted. The
 * name index decides: on a taken name nothing is written and the holder's id comes back, when this
 * statement's snapshot can see it.
 */
function createStatement(workflow: Workflow, audit: AuditEntry): SQL {
  const row = toRow(workflow);
  return sql`WITH inserted AS (
      INSERT INTO workflows (id, account_id, name, name_key, description, status, trigger_type, trigger_config, version, created_by, updated_by, created_at, updated_at)
      VALUES (${row.id}::uuid, ${row.accountId}::uuid, ${row.name}, ${row.nameKey}, ${row.description}, ${row.status}, ${row.triggerType},
        ${JSON.stringify(row.triggerConfig)}::jsonb, ${row.version}, ${row.createdBy}::uuid, ${row.updatedBy}::uuid,
        ${row.createdAt.toISOString()}::timestamptz, ${row.updatedAt.toISOString()}::timestamptz)
      ON CONFLICT (account_id, name_key) WHERE deleted_at IS NULL DO NOTHING
      RETURNING id
    ), audited AS (${auditInsertFor(audit, sql`inserted`)})
    SELECT (SELECT id FROM inserted) AS created_id,
      (SELECT id FROM workflows WHERE account_id = ${row.accountId}::uuid AND name_key = ${row.nameKey} AND deleted_at IS NULL) AS existing_id`;
}

interface CreateOutcome {
  readonly created_id: string | null;
  readonly existing_id: string | null;
}

// A name can be taken and freed again between the statement and the lookup; a few tries settle it.
const CREATE_ATTEMPTS = 3;

export class DrizzleWorkflowRepository implements WorkflowRepository {
  constructor(private readonly database: Pick<Database, 'db' | 'transaction'>) {}

  async create(workflow: Workflow, audit: AuditEntry): Promise<void> {
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt += 1) {
      const [outcome] = await this.database.transaction((tx) => selectRows<CreateOutcome>(tx, createStatement(workflow, audit)));
      if (outcome?.created_id != null) return;
      // The holder committed after this statement's snapshot was taken: a fresh read sees it.
      const holder = outcome?.existing_id ?? (await this.findLiveIdByName(workflow.accountId, workflow.name));
      if (holder !== undefined) throw new WorkflowNameTakenError(holder);
    }
    throw new DependencyUnavailableError('database', { cause: new Error('a workflow name kept changing hands during a create') });
  }

  async findById(accountId: AccountId, id: string): Promise<Workflow | null> {
    const rows = await this.database.db
      .select()
      .from(workflows)
      .where(and(eq(workflows.accountId, accountId), eq(workflows.id, id), isNull(workflows.deletedAt)))
      .limit(1);
    const row = rows[0];
    return row === undefined ? null : toEntity(row);
  }

  private async findLiveIdByName(accountId: AccountId, name: WorkflowName): Promise<string | undefined> {
    const rows = await this.database.db
      .select({ id: workflows.id })
      .from(workflows)
      .where(and(eq(workflows.accountId, accountId), isNull(workflows.deletedAt), eq(workflows.nameKey, workflowNameKey(name))))
      .limit(1);
    return rows[0]?.id;
  }
}
