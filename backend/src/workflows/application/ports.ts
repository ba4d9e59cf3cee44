import type { AuditEntry } from '../../audit/index.js';
import type { AccountId } from '../../shared/ids.js';
import type { Workflow } from '../domain/entities.js';

export interface WorkflowRepository {
  /**
   * Writes a new workflow together with its audit entry, both or neither; a live workflow of the
   * same name in the account raises WorkflowNameTakenError naming it.
   */
  create(workflow: Workflow, audit: AuditEntry): Promise<void>;
  findById(accountId: AccountId, id: string): Promise<Workflow | null>;
}
