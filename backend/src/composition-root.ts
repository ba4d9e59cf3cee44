import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppDependencies, ReadinessCheck } from './app.js';
import { auditModule, makeListAuditLogs, PostgresAuditLogReader, type AuditModuleDependencies } from './audit/index.js';
import { createDevTokenVerifier, createTokenVerifier, loadOrCreateDevKeyPair, verifiedTokenCache, type DevKeyPair, type TokenVerifier } from './auth/index.js';
import type { AuthConfig, Config, RateLimitConfig } from './config.js';
import {
  createRateLimiter,
  memoryStore,
  redisStore,
  resilientStore,
  type RateLimiter,
  type RateLimitPolicy,
  type RateLimitStore,
} from './rate-limit/index.js';
import { systemClock, type Clock } from './shared/clock.js';
import type { Database } from './shared/database.js';
import { cursorCodec, type CursorCodec } from './shared/http/paging.js';
import { uuidV7Generator, type IdGenerator } from './shared/ids.js';
import { loadMigrations, migrate, MIGRATIONS_DIRECTORY, pendingMigrations } from './shared/migrate.js';
import {
  PostgresWorkflowRepository,
  makeChangeWorkflowStatus,
  makeCreateWorkflow,
  makeDeleteWorkflow,
  makeDuplicateWorkflow,
  makeGetVersion,
  makeListVersions,
  makeRestoreVersion,
  makeEditWorkflow,
  makeGetWorkflow,
  makeListWorkflows,
  makeRestoreWorkflow,
  workflowsModule,
  type WorkflowsModuleDependencies,
} from './workflows/index.js';

/** The built web console, beside the backend in the repository (from src/ and from dist/ alike). */
export const CONSOLE_DIRECTORY = fileURLToPath(new URL('../../frontend/dist', import.meta.url));

export class SchemaBehindError extends Error {
  constructor(pending: readonly string[]) {
    super(`the database schema is behind (pending migrations: ${pending.join(', ')}); run \`npm run migrate\` first`);
  }
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite in DATA_DIR. */
export async function openDatabase(config: Config, onPoolError?: (error: Error) => void): Promise<Database> {
  // Only the driver in use is loaded: each costs start-up time the other mode does not need.
  if (config.database.kind === 'pglite') return (await import('./shared/pglite-database.js')).openPglite(join(config.dataDir, 'pglite'));
  const { connectPostgres } = await import('./shared/postgres-database.js');
  const { url, poolMax, acquireTimeoutMs, statementTimeoutMs } = config.database;
  return connectPostgres({
    url,
    poolMax,
    acquireTimeoutMs,
    statementTimeoutMs,
    lockTimeoutMs: statementTimeoutMs,
    ...(onPoolError === undefined ? {} : { onPoolError }),
  });
}

/**
 * The embedded database migrates itself at start-up; a shared PostgreSQL is migrated by an operator
 * (`npm run migrate`), and the service refuses to serve on a schema older than its code.
 */
export async function prepareSchema(database: Database): Promise<string[]> {
  const migrations = await loadMigrations(MIGRATIONS_DIRECTORY);
  if (database.dialect === 'pglite') return migrate(database, migrations);
  const pending = await pendingMigrations(database, migrations);
  if (pending.length > 0) throw new SchemaBehindError(pending);
  return [];
}

export async function createVerifier(auth: AuthConfig, dataDir: string): Promise<TokenVerifier> {
  const cache = verifiedTokenCache();
  if (auth.mode === 'dev') return createDevTokenVerifier(dataDir, cache);
  const key = auth.jwtKey === undefined ? { kind: 'jwks' as const, url: auth.jwksUrl ?? '' } : { kind: 'pem' as const, pem: auth.jwtKey };
  return createTokenVerifier({ key, issuer: auth.issuer, authorizedParties: auth.authorizedParties, cache });
}

export function ratePolicies(config: RateLimitConfig): RateLimitPolicy[] {
  const policies: RateLimitPolicy[] = [];
  if (config.user !== null) policies.push({ name: 'user', ...config.user });
  if (config.account !== null) policies.push({ name: 'account', ...config.account });
  return policies;
}

/** The store behind the limits: Redis shared by every instance when configured, else this process's memory. */
export function rateLimitStore(config: RateLimitConfig, redis: Redis | undefined, logger: Pick<Logger, 'warn' | 'info'>): RateLimitStore {
  if (redis === undefined) return memoryStore();
  return resilientStore(redisStore(redis), memoryStore(), { mode: config.onStoreError }, {
    degraded: (error, fallbacks) => {
      logger.warn({ err: error, fallbacks, mode: config.onStoreError }, 'rate-limit store unavailable');
    },
    recovered: (fallbacks) => {
      logger.info({ fallbacks }, 'rate-limit store recovered');
    },
  });
}

export interface Collaborators {
  readonly database: Database;
  readonly verifier: TokenVerifier;
  readonly rateLimiter?: RateLimiter | undefined;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly restoreWindowDays?: number;
  readonly idempotencyTtlHours?: number;
  readonly cursors?: CursorCodec;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Wires the workflows module by hand: repositories on the database, use cases on the repositories. */
export function wireWorkflows(collaborators: Collaborators): WorkflowsModuleDependencies {
  const { database, verifier, rateLimiter, clock = systemClock, ids = uuidV7Generator } = collaborators;
  const workflows = new PostgresWorkflowRepository(database);
  const restoreWindowMs = (collaborators.restoreWindowDays ?? 30) * DAY_MS;
  const changes = { workflows, clock, ids };
  const creates = { ...changes, idempotencyTtlMs: (collaborators.idempotencyTtlHours ?? 24) * HOUR_MS };
  return {
    verifier,
    cursors: collaborators.cursors ?? cursorCodec(),
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

/** Wires the audit module: the audit log read straight from its table. */
export function wireAudit({ database, verifier, cursors = cursorCodec() }: Pick<Collaborators, 'database' | 'verifier' | 'cursors'>): AuditModuleDependencies {
  return { verifier, cursors, listAuditLogs: makeListAuditLogs({ auditLogs: new PostgresAuditLogReader(database) }) };
}

/** The key every instance signs list cursors with, made by migration 0008. */
export async function loadCursorCodec(database: Database): Promise<CursorCodec> {
  const [row] = await database.query<{ key: string }>("SELECT key FROM service_keys WHERE name = 'cursor'");
  if (row === undefined) throw new Error('the cursor key is missing from service_keys; run the migrations');
  return cursorCodec(row.key);
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

const PURGE_BATCH = 500;
const PURGE_INTERVAL_MS = 10 * 60_000;

export interface Runtime {
  readonly dependencies: AppDependencies;
  readonly database: Database;
  readonly migrationsApplied: readonly string[];
  close(): Promise<void>;
}

type Opened = [Database, TokenVerifier, DevKeyPair | undefined, Redis | undefined];

/** The opened resources; when one failed to open, the others are closed before the failure is raised. */
async function fulfilledOrClosed(settled: [PromiseSettledResult<Database>, PromiseSettledResult<TokenVerifier>, PromiseSettledResult<DevKeyPair | undefined>, PromiseSettledResult<Redis | undefined>]): Promise<Opened> {
  const [database, verifier, devIssuer, redis] = settled;
  if (database.status === 'fulfilled' && verifier.status === 'fulfilled' && devIssuer.status === 'fulfilled' && redis.status === 'fulfilled') {
    return [database.value, verifier.value, devIssuer.value, redis.value];
  }
  if (redis.status === 'fulfilled') redis.value?.disconnect();
  if (database.status === 'fulfilled') await database.value.close();
  const failure = settled.find((result) => result.status === 'rejected');
  throw failure?.reason;
}

/** Redis for the shared counters, when configured; the client library is loaded only then. */
async function connectRedis(config: Config, logger: Logger): Promise<Redis | undefined> {
  if (config.redisUrl === undefined) return undefined;
  const { createRedisClient } = await import('./rate-limit/redis-client.js');
  return createRedisClient(config.redisUrl, {
    onError: (error) => {
      logger.debug({ err: error }, 'redis connection error');
    },
  });
}

/** Everything the service runs on, built from the configuration: the one composition root. */
export async function composeRuntime(config: Config, logger: Logger): Promise<Runtime> {
  // Independent of each other, so they start together: the embedded database takes longest.
  const settled = await Promise.allSettled([
    openDatabase(config, (error) => {
      logger.warn({ err: error }, 'database connection lost');
    }),
    createVerifier(config.auth, config.dataDir),
    config.auth.mode === 'dev' ? loadOrCreateDevKeyPair(config.dataDir) : undefined,
    connectRedis(config, logger),
  ]);
  const [opened, verifier, devIssuer, redis] = await fulfilledOrClosed(settled);
  const database = await prepareSchema(opened)
    .then(async (migrationsApplied) => ({ opened, migrationsApplied, cursors: await loadCursorCodec(opened) }))
    .catch(async (error: unknown) => {
      redis?.disconnect();
      await opened.close();
      throw error;
    });
  const { cursors } = database;
  const policies = ratePolicies(config.rateLimit);
  const rateLimiter = policies.length === 0 ? undefined : createRateLimiter(policies, rateLimitStore(config.rateLimit, redis, logger));
  const purge = purgeExpiredKeys(database.opened, config.workflows.idempotencyTtlHours);
  // Never on a request's path, and never keeping the process alive; a failed round is tried again later.
  const purger = setInterval(() => {
    purge().catch((error: unknown) => {
      logger.warn({ err: error }, 'purging expired idempotency keys failed');
    });
  }, PURGE_INTERVAL_MS).unref();
  const readiness: Record<string, ReadinessCheck> = { database: () => database.opened.ping() };
  if (redis !== undefined) {
    const pingRedis = async () => {
      await redis.ping();
    };
    // Failing open, the limits count in-process while Redis is down: the instance still serves.
    readiness.redis = config.rateLimit.onStoreError === 'open' ? { check: pingRedis, degradable: true } : pingRedis;
  }
  return {
    database: database.opened,
    migrationsApplied: database.migrationsApplied,
    dependencies: {
      logger,
      readiness,
      modules: [
        ...(config.workflowsEnabled ? [workflowsModule(wireWorkflows({ database: database.opened, verifier, rateLimiter, cursors, ...config.workflows }))] : []),
        auditModule(wireAudit({ database: database.opened, verifier, cursors })),
      ],
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      devIssuer,
      consoleDirectory: existsSync(join(CONSOLE_DIRECTORY, 'index.html')) ? CONSOLE_DIRECTORY : undefined,
    },
    close: async () => {
      clearInterval(purger);
      redis?.disconnect();
      await database.opened.close();
    },
  };
}
