import type { Kernel } from '../kernel.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Database } from '../shared/database.js';
import { cursorCodec } from '../shared/http/paging.js';
import type { ApiModule } from '../shared/http/module.js';
import { uuidV7Generator } from '../shared/ids.js';
import { makeChangeWorkflowStatus } from './application/use-cases/change-status.js';
import { makeCreateWorkflow } from './application/use-cases/create-workflow.js';
import { makeDeleteWorkflow } from './application/use-cases/delete-workflow.js';
import { makeDuplicateWorkflow } from './application/use-cases/duplicate-workflow.js';
import { makeEditWorkflow } from './application/use-cases/edit-workflow.js';
import { makeGetVersion } from './application/use-cases/get-version.js';
import { makeGetWorkflow } from './application/use-cases/get-workflow.js';
import { makeListVersions } from './application/use-cases/list-versions.js';
import { makeListWorkflows } from './application/use-cases/list-workflows.js';
import { makeRestoreVersion } from './application/use-cases/restore-version.js';
import { makeRestoreWorkflow } from './application/use-cases/restore-workflow.js';
import { PostgresWorkflowRepository } from './infrastructure/postgres-workflow-repository.js';
import type { WorkflowsModuleDependencies } from './presentation/dependencies.js';
import { workflowsModule } from './presentation/plugin.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PURGE_BATCH = 500;
const PURGE_INTERVAL_MS = 10 * 60_000;

/** The module's use cases on its repositories, from the kernel. */
export function wireWorkflows(kernel: Kernel): WorkflowsModuleDependencies {
  const { database, verifier, rateLimiter, clock = systemClock, ids = uuidV7Generator } = kernel;
  const workflows = new PostgresWorkflowRepository(database);
  const restoreWindowMs = (kernel.restoreWindowDays ?? 30) * DAY_MS;
  const changes = { workflows, clock, ids };
  const creates = { ...changes, idempotencyTtlMs: (kernel.idempotencyTtlHours ?? 24) * HOUR_MS };
  return {
    verifier,
    cursors: kernel.cursors ?? cursorCodec(),
    writeRateLimiter: rateLimiter,
    createWorkflow: makeCreateWorkflow(creates),
    getWorkflow: makeGetWorkflow({ workflows }),
    listWorkflows: makeListWorkflows({ workflows, clock, restoreWindowMs }),
    editWorkflow: makeEditWorkflow(changes),
    changeWorkflowStatus: makeChangeWorkflowStatus(changes),
    deleteWorkflow: makeDeleteWorkflow(changes),
    restoreWorkflow: makeRestoreWorkflow({ ...changes, restoreWindowMs }),
    listVersions: makeListVersions({ workflows }),
    getVersion: makeGetVersion({ workflows }),
    restoreVersion: makeRestoreVersion(changes),
    duplicateWorkflow: makeDuplicateWorkflow(creates),
  };
}

/** Expired Idempotency-Keys, deleted in small batches off the request path. */
export function purgeExpiredKeys(database: Database, ttlHours: number, clock: Clock = systemClock): () => Promise<number> {
  const workflows = new PostgresWorkflowRepository(database);
  return async () => {
    const before = new Date(clock.now().getTime() - ttlHours * HOUR_MS);
    let purged = 0;
    for (let batch = await workflows.purgeIdempotencyKeys(before, PURGE_BATCH); batch > 0; batch = await workflows.purgeIdempotencyKeys(before, PURGE_BATCH)) {
      purged += batch;
      if (batch < PURGE_BATCH) break;
    }
    return purged;
  };
}

/** The workflows module, built from the kernel: its routes, and the purge of expired idempotency keys. */
export function buildWorkflowsModule(kernel: Kernel): ApiModule {
  return {
    ...workflowsModule(wireWorkflows(kernel)),
    maintenance: [{ name: 'purging expired idempotency keys', everyMs: PURGE_INTERVAL_MS, run: purgeExpiredKeys(kernel.database, kernel.idempotencyTtlHours ?? 24, kernel.clock) }],
  };
}
