import type { AuditLog } from '../../audit/index.js';
import type { AccountId } from '../../shared/ids.js';
import type { Workflow } from '../domain/entities.js';

export interface WorkflowRepository {
  /** Inserts a new workflow; a live workflow of the same name in the account raises WorkflowNameTakenError. */
  insert(workflow: Workflow): Promise<void>;
  findById(accountId: AccountId, id: string): Promise<Workflow | null>;
}

/** The repositories one transaction writes through. */
export interface TransactionalRepositories {
  readonly workflows: WorkflowRepository;
  readonly auditLog: AuditLog;
}

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export interface UnitOfWork {
  run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T>;
}
