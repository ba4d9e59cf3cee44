import { DrizzleAuditLog } from '../../audit/index.js';
import type { TransactionRunner } from '../../shared/database.js';
import type { TransactionalRepositories, UnitOfWork } from '../application/ports.js';
import { DrizzleWorkflowRepository } from './drizzle-workflow-repository.js';

export class DrizzleUnitOfWork implements UnitOfWork {
  constructor(private readonly transaction: TransactionRunner) {}

  run<T>(work: (repositories: TransactionalRepositories) => Promise<T>): Promise<T> {
    return this.transaction((tx) => work({ workflows: new DrizzleWorkflowRepository(tx), auditLog: new DrizzleAuditLog(tx) }));
  }
}
