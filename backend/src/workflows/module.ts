import type { Kernel } from '../kernel.js';
import { systemClock, type Clock } from '../shared/clock.js';
import type { Database } from '../shared/database.js';
import { defineModule, loadRoutes, type ApiModule } from '../shared/http/module.js';
import { cursorCodec } from '../shared/http/paging.js';
import { uuidV7Generator } from '../shared/ids.js';
import { PostgresWorkflowRepository } from './infrastructure/postgres-workflow-repository.js';
import type { WorkflowsContext } from './presentation/context.js';
import { WORKFLOW_PROBLEMS } from './presentation/problems.js';
import { TRIGGER_CONFIG_SCHEMAS } from './presentation/trigger-configs.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PURGE_BATCH = 500;
const PURGE_INTERVAL_MS = 10 * 60_000;
/** Every file here is one route of the module. */
const ROUTES = new URL('./presentation/routes/', import.meta.url);

/** The module's repository, collaborators and settings, from the kernel. */
export function workflowsContext(kernel: Kernel): WorkflowsContext {
  return {
    verifier: kernel.verifier,
    cursors: kernel.cursors ?? cursorCodec(),
    writeRateLimiter: kernel.rateLimiter,
    workflows: new PostgresWorkflowRepository(kernel.database),
    clock: kernel.clock ?? systemClock,
    ids: kernel.ids ?? uuidV7Generator,
    restoreWindowMs: (kernel.restoreWindowDays ?? 30) * DAY_MS,
    idempotencyTtlMs: (kernel.idempotencyTtlHours ?? 24) * HOUR_MS,
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

/** The workflows module's routes and problem table, each route built from `context`. */
export async function workflowsModule(context: WorkflowsContext): Promise<ApiModule> {
  return defineModule({ name: 'workflows', description: 'Workflow definitions' }, WORKFLOW_PROBLEMS, await loadRoutes(ROUTES, context), TRIGGER_CONFIG_SCHEMAS);
}

/** The workflows module, built from the kernel: its routes, and the purge of expired idempotency keys. */
export async function buildWorkflowsModule(kernel: Kernel): Promise<ApiModule> {
  return {
    ...(await workflowsModule(workflowsContext(kernel))),
    maintenance: [{ name: 'purging expired idempotency keys', everyMs: PURGE_INTERVAL_MS, run: purgeExpiredKeys(kernel.database, kernel.idempotencyTtlHours ?? 24, kernel.clock) }],
  };
}
