import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../shared/database.js';
import { postgresErrorOf } from '../../shared/database-errors.js';
import type { AccountId, UserId } from '../../shared/ids.js';
import type { WorkflowRepository } from '../application/ports.js';
import type { Workflow } from '../domain/entities.js';
import { WorkflowNameTakenError } from '../domain/exceptions.js';
import { workflowNameKey, type Trigger, type WorkflowDescription, type WorkflowName, type WorkflowStatus } from '../domain/value-objects.js';
import { WORKFLOW_NAME_INDEX, workflows, type WorkflowRow } from './workflows-table.js';

const UNIQUE_VIOLATION = '23505';

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

export class DrizzleWorkflowRepository implements WorkflowRepository {
  constructor(private readonly db: Executor) {}

  async insert(workflow: Workflow, retryOnVanishedConflict = true): Promise<void> {
    try {
      // A savepoint keeps the surrounding transaction usable when the name index refuses the row,
      // so the existing workflow's id can be read for the conflict answer.
      await this.db.transaction(async (savepoint) => {
        await savepoint.insert(workflows).values(toRow(workflow));
      });
    } catch (error) {
      const cause = postgresErrorOf(error);
      if (cause?.code !== UNIQUE_VIOLATION || cause.constraint !== WORKFLOW_NAME_INDEX) throw error;
      const existingId = await this.findLiveIdByName(workflow.accountId, workflow.name);
      // The conflicting workflow was deleted between our insert and the lookup: the name is free now.
      if (existingId === undefined && retryOnVanishedConflict) return this.insert(workflow, false);
      throw new WorkflowNameTakenError(existingId ?? '');
    }
  }

  async findById(accountId: AccountId, id: string): Promise<Workflow | null> {
    const rows = await this.db
      .select()
      .from(workflows)
      .where(and(eq(workflows.accountId, accountId), eq(workflows.id, id), isNull(workflows.deletedAt)))
      .limit(1);
    const row = rows[0];
    return row === undefined ? null : toEntity(row);
  }

  private async findLiveIdByName(accountId: AccountId, name: WorkflowName): Promise<string | undefined> {
    const rows = await this.db
      .select({ id: workflows.id })
      .from(workflows)
      .where(and(eq(workflows.accountId, accountId), isNull(workflows.deletedAt), eq(workflows.nameKey, workflowNameKey(name))))
      .limit(1);
    // The conflicting row committed before our insert failed, so it is visible to this statement.
    return rows[0]?.id;
  }
}
