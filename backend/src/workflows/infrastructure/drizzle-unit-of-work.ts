import { DrizzleAuditLog } from '../../audit/index.js';
import type { Executor } from '../../shared/database.js';
import type { TransactionalRepositories, UnitOfWork } from '../application/ports.js';
import { DrizzleWorkflowRepository } from './drizzle-workflow-repository.js';

export class DrizzleUnitOfWork implements UnitOfWork {
  constructor(private readonly db: Executor) {}

  run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work({ workflows: new DrizzleWorkflowRepository(tx), auditLog: new DrizzleAuditLog(tx) }));
  }
}
