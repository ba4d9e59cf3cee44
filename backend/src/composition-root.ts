import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppDependencies, ReadinessCheck } from './app.js';
import { buildAuditModule } from './audit/index.js';
import { createDevTokenVerifier, createTokenVerifier, loadOrCreateDevKeyPair, verifiedTokenCache, type DevKeyPair, type TokenVerifier } from './auth/index.js';
import type { AuthConfig, Config, RateLimitConfig } from './config.js';
import {
  createRateLimiter,
  memoryStore,
  redisStore,
  resilientStore,
  type RateLimitPolicy,
  type RateLimitStore,
} from './rate-limit/index.js';
import type { Database } from './shared/database.js';
import { cursorCodec, type CursorCodec } from './shared/http/paging.js';
import type { ApiModule } from './shared/http/module.js';
import type { Kernel } from './kernel.js';
import { loadSchema, migrate, pendingMigrations } from './shared/migrate.js';
import { buildWorkflowsModule } from './workflows/index.js';

/** The built web console, beside the backend in the repository (from src/ and from dist/ alike). */
export const CONSOLE_DIRECTORY = fileURLToPath(new URL('../../frontend/dist', import.meta.url));
/** The console's pages: its routes are the browser's, so each answers the one HTML document. */
export const CONSOLE_PAGES = ['/', '/workflows', '/workflows/*', '/trash'];

export class SchemaBehindError extends Error {
  constructor(pending: readonly string[]) {
    super(`the database schema is behind (pending migrations and function definitions: ${pending.join(', ')}); run \`npm run migrate\` first`);
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
 * (`npm run migrate`), and the service refuses to serve on a schema older than its code: a migration
 * not applied, or a database function whose text this code has that the database never applied.
 */
export async function prepareSchema(database: Database): Promise<string[]> {
  const schema = await loadSchema();
  if (database.dialect === 'pglite') return migrate(database, schema);
  const pending = await pendingMigrations(database, schema);
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

// What the cursor key is derived for: a cursor sealed under another label does not open.
const CURSOR_KEY_LABEL = 'workflow-service cursor';

/** The key every instance signs list cursors with, made by migration 0008. */
export async function loadCursorCodec(database: Database): Promise<CursorCodec> {
  const [row] = await database.query<{ key: string }>("SELECT key FROM service_keys WHERE name = 'cursor'");
  if (row === undefined) throw new Error('the cursor key is missing from service_keys; run the migrations');
  return cursorCodec(row.key, CURSOR_KEY_LABEL);
}

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

/** Each module's maintenance, never on a request's path and never keeping the process alive; a failed round is tried again later. */
function startMaintenance(modules: readonly ApiModule[], logger: Logger): () => void {
  const timers = modules.flatMap((module) =>
    (module.maintenance ?? []).map((task) =>
      setInterval(() => {
        task.run().catch((error: unknown) => {
          logger.warn({ err: error }, `${task.name} failed`);
        });
      }, task.everyMs).unref(),
    ),
  );
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}

function readinessChecks(config: Config, database: Database, redis: Redis | undefined): Record<string, ReadinessCheck> {
  const readiness: Record<string, ReadinessCheck> = { database: () => database.ping() };
  if (redis !== undefined) {
    const pingRedis = async () => {
      await redis.ping();
    };
    // Failing open, the limits count in-process while Redis is down: the instance still serves.
    readiness.redis = config.rateLimit.onStoreError === 'open' ? { check: pingRedis, degradable: true } : pingRedis;
  }
  return readiness;
}

/** The shared resources, opened together (the embedded database takes longest), and the schema ready on them. */
async function openResources(config: Config, logger: Logger) {
  const settled = await Promise.allSettled([
    openDatabase(config, (error) => {
      logger.warn({ err: error }, 'database connection lost');
    }),
    createVerifier(config.auth, config.dataDir),
    config.auth.mode === 'dev' ? loadOrCreateDevKeyPair(config.dataDir) : undefined,
    connectRedis(config, logger),
  ]);
  const [database, verifier, devIssuer, redis] = await fulfilledOrClosed(settled);
  return prepareSchema(database)
    .then(async (migrationsApplied) => ({ database, verifier, devIssuer, redis, migrationsApplied, cursors: await loadCursorCodec(database) }))
    .catch(async (error: unknown) => {
      redis?.disconnect();
      await database.close();
      throw error;
    });
}

/** Everything the service runs on, built from the configuration: the one composition root. */
export async function composeRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const { database, verifier, devIssuer, redis, migrationsApplied, cursors } = await openResources(config, logger);
  const policies = ratePolicies(config.rateLimit);
  const rateLimiter = policies.length === 0 ? undefined : createRateLimiter(policies, rateLimitStore(config.rateLimit, redis, logger));
  const kernel: Kernel = { database, verifier, rateLimiter, cursors, ...config.workflows };
  const [workflows, audit] = await Promise.all([buildWorkflowsModule(kernel), buildAuditModule(kernel)]);
  // A module switched off by its flag serves nothing, but what it stored still expires.
  const stopMaintenance = startMaintenance([workflows, audit], logger);
  const modules = [...(config.workflowsEnabled ? [workflows] : []), audit];
  return {
    database,
    migrationsApplied,
    dependencies: {
      logger,
      readiness: readinessChecks(config, database, redis),
      modules,
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      devIssuer,
      console: existsSync(join(CONSOLE_DIRECTORY, 'index.html')) ? { directory: CONSOLE_DIRECTORY, pages: CONSOLE_PAGES } : undefined,
    },
    close: async () => {
      stopMaintenance();
      redis?.disconnect();
      await database.close();
    },
  };
}
