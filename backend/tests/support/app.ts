import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWTPayload } from 'jose';
import { buildApp, type AppDependencies } from '../../src/app.js';
import { createDevTokenVerifier, DEV_ISSUER, loadOrCreateDevKeyPair, mintDevToken, type DevKeyPair, type TokenVerifier } from '../../src/auth/index.js';
import { auditContext, auditModule } from '../../src/audit/index.js';
import type { Kernel } from '../../src/kernel.js';
import { workflowsContext, workflowsModule } from '../../src/workflows/index.js';
import type { RateLimiter } from '../../src/rate-limit/index.js';
import type { Database } from '../../src/shared/database.js';
import { sharedDatabase, type DatabaseKind } from './database.js';
import type { WorkflowBody } from './wire.js';

const dataDir = mkdtempSync(join(tmpdir(), 'workflow-service-test-'));
let keys: Promise<{ pair: DevKeyPair; verifier: TokenVerifier }> | undefined;

/** One dev key pair per test file: tokens are minted and verified exactly as in dev-issuer mode. */
export function devKeys(): Promise<{ pair: DevKeyPair; verifier: TokenVerifier }> {
  keys ??= (async () => ({ pair: await loadOrCreateDevKeyPair(dataDir), verifier: await createDevTokenVerifier(dataDir) }))();
  return keys;
}

export const ALL_PERMISSIONS = ['org:workflows:create', 'org:workflows:read', 'org:workflows:update', 'org:workflows:delete', 'org:audit:read'];

export async function aToken(options: { org?: string; user?: string; permissions?: readonly string[] } = {}): Promise<string> {
  const { pair } = await devKeys();
  return mintDevToken(pair.privateKey, pair.keyId, {
    org: options.org ?? `acme_${randomUUID().slice(0, 8)}`,
    user: options.user ?? 'alice',
    permissions: options.permissions ?? ALL_PERMISSIONS,
  });
}

/** Signs arbitrary claims with the dev key, for tokens the issuer would never mint. */
export async function signClaims(claims: JWTPayload, header: { kid?: string } = {}): Promise<string> {
  const { pair } = await devKeys();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: DEV_ISSUER, sub: 'user_alice', sid: 'sess_1', iat: now, nbf: now, exp: now + 60, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? pair.keyId })
    .sign(pair.privateKey);
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: Database;
  readonly request: (options: InjectOptions & { token?: string }) => Promise<LightMyRequestResponse>;
  readonly create: (body: unknown, token: string) => Promise<LightMyRequestResponse>;
}

export interface TestAppOptions {
  readonly kind?: DatabaseKind;
  readonly database?: Database;
  readonly rateLimiter?: RateLimiter;
  readonly workflowsEnabled?: boolean;
  readonly corsOrigins?: readonly string[];
  readonly trustProxy?: false | number | readonly string[];
  readonly readiness?: AppDependencies['readiness'];
  readonly httpTimeouts?: AppDependencies['httpTimeouts'];
  readonly devIssuer?: DevKeyPair;
  readonly logger?: AppDependencies['logger'];
  readonly clock?: Kernel['clock'];
  readonly restoreWindowDays?: number;
}

function collaborators(options: TestAppOptions): Partial<Kernel> {
  const { rateLimiter, clock, restoreWindowDays } = options;
  return Object.fromEntries(Object.entries({ rateLimiter, clock, restoreWindowDays }).filter(([, value]) => value !== undefined));
}

export async function aTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await sharedDatabase(options.kind ?? 'pglite'));
  const { verifier } = await devKeys();
  const app = await buildApp({
    logger: options.logger ?? false,
    readiness: options.readiness ?? { database: () => db.ping() },
    modules: [
      ...(options.workflowsEnabled === false ? [] : [await workflowsModule(workflowsContext({ database: db, verifier, ...collaborators(options) }))]),
      await auditModule(auditContext({ database: db, verifier })),
    ],
    corsOrigins: options.corsOrigins ?? [],
    trustProxy: options.trustProxy ?? false,
    ...(options.httpTimeouts === undefined ? {} : { httpTimeouts: options.httpTimeouts }),
    devIssuer: options.devIssuer,
  });
  const request: TestApp['request'] = ({ token, headers, ...rest }) =>
    app.inject({ ...rest, headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers } });
  return {
    app,
    database: db,
    request,
    create: (body, token) => request({ method: 'POST', url: '/api/v1/workflows', payload: body as string | object, token }),
  };
}

export function aWorkflowBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Nightly digest ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Posts a digest to Slack',
    trigger_type: 'schedule',
    trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' },
    ...overrides,
  };
}

export const WORKFLOWS_URL = '/api/v1/workflows';

/** The address of one workflow. */
export const workflowUrl = (id: string) => `${WORKFLOWS_URL}/${id}`;

/** A workflow created over HTTP, as the API answered it; anything but a 201 fails the test at once. */
export async function aWorkflow(app: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<WorkflowBody> {
  const response = await app.create(aWorkflowBody(overrides), token);
  if (response.statusCode !== 201) throw new Error(`create answered ${String(response.statusCode)}: ${response.body}`);
  return response.json<WorkflowBody>();
}
