import { join } from 'node:path';
import { createDevTokenVerifier, createTokenVerifier, type TokenVerifier } from './auth/index.js';
import type { AuthConfig, Config } from './config.js';
import { systemClock, type Clock } from './shared/clock.js';
import { connectPostgres, openPglite, type Database } from './shared/database.js';
import { uuidV7Generator, type IdGenerator } from './shared/ids.js';
import { loadMigrations, migrate, pendingMigrations } from './shared/migrate.js';
import {
  DrizzleUnitOfWork,
  DrizzleWorkflowRepository,
  makeCreateWorkflow,
  makeGetWorkflow,
  WORKFLOW_MIGRATIONS_DIRECTORY,
  type WorkflowsModuleDependencies,
} from './workflows/index.js';

export class SchemaBehindError extends Error {
  constructor(pending: readonly string[]) {
    super(`the database schema is behind (pending migrations: ${pending.join(', ')}); run \`npm run migrate\` first`);
  }
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite in DATA_DIR. */
export async function openDatabase(config: Config, onPoolError?: (error: Error) => void): Promise<Database> {
  if (config.database.kind === 'pglite') return openPglite(join(config.dataDir, 'pglite'));
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
  const migrations = await loadMigrations(WORKFLOW_MIGRATIONS_DIRECTORY);
  if (database.dialect === 'pglite') return migrate(database, migrations);
  const pending = await pendingMigrations(database, migrations);
  if (pending.length > 0) throw new SchemaBehindError(pending);
  return [];
}

export async function createVerifier(auth: AuthConfig, dataDir: string): Promise<TokenVerifier> {
  if (auth.mode === 'dev') return createDevTokenVerifier(dataDir);
  const key = auth.jwtKey === undefined ? { kind: 'jwks' as const, url: auth.jwksUrl ?? '' } : { kind: 'pem' as const, pem: auth.jwtKey };
  return createTokenVerifier({ key, issuer: auth.issuer, authorizedParties: auth.authorizedParties });
}

export interface Collaborators {
  readonly database: Database;
  readonly verifier: TokenVerifier;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}

/** Wires the workflows module by hand: repositories on the database, use cases on the repositories. */
export function wireWorkflows({ database, verifier, clock = systemClock, ids = uuidV7Generator }: Collaborators): WorkflowsModuleDependencies {
  return {
    verifier,
    createWorkflow: makeCreateWorkflow({ unitOfWork: new DrizzleUnitOfWork(database.db), clock, ids }),
    getWorkflow: makeGetWorkflow({ workflows: new DrizzleWorkflowRepository(database.db) }),
  };
}
