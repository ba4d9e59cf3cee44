import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

export type AuthConfig =
  | { readonly mode: 'dev' }
  | {
      readonly mode: 'clerk';
      readonly jwtKey: string | undefined;
      readonly jwksUrl: string | undefined;
      readonly issuer: string | undefined;
      readonly authorizedParties: readonly string[] | undefined;
    };

/** A limit of `limit` requests per `windowSeconds`; `null` when switched off. */
export interface RateSpec {
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface RateLimitConfig {
  readonly user: RateSpec | null;
  readonly account: RateSpec | null;
  readonly onStoreError: 'open' | 'closed';
}

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'pglite' }
    | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number; readonly acquireTimeoutMs: number; readonly statementTimeoutMs: number };
  readonly redisUrl: string | undefined;
  readonly auth: AuthConfig;
  readonly workflowsEnabled: boolean;
  readonly workflows: { readonly restoreWindowDays: number; readonly idempotencyTtlHours: number };
  readonly rateLimit: RateLimitConfig;
  readonly corsOrigins: readonly string[];
  /** Fastify's trustProxy: false, a hop count, or addresses/CIDRs of trusted proxies. */
  readonly trustProxy: false | number | readonly string[];
  readonly logLevel: string;
  readonly production: boolean;
  readonly shutdownTimeoutMs: number;
  /** Worker processes sharing the port (WEB_CONCURRENCY); 1 runs the service in this process. */
  readonly workers: number;
}

const optional = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const integer = (fallback: number, min: number, max: number) =>
  z.preprocess((value) => (value === undefined || value === '' ? String(fallback) : value), z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max)));

const list = optional.transform((value) => value?.split(',').map((item) => item.trim()).filter((item) => item !== ''));

const rateSpec = z
  .string()
  .trim()
  .transform((value, context) => {
    if (value === 'off') return null;
    const match = /^(\d{1,7})\/(\d{1,6})s$/.exec(value);
    const limit = Number(match?.[1]);
    const windowSeconds = Number(match?.[2]);
    if (match === null || limit < 1 || windowSeconds < 1) {
      context.addIssue({ code: 'custom', message: `"${value}" is not N/<seconds>s (e.g. 30/60s) or off` });
      return z.NEVER;
    }
    return { limit, windowSeconds };
  });

const boolean = (fallback: boolean) =>
  z.preprocess((value) => (value === undefined || value === '' ? String(fallback) : value), z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true'));

// Named ranges proxy-addr understands, besides addresses and CIDRs.
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

const trustProxy = optional.transform((value, context): false | number | string[] => {
  if (value === undefined || value === 'false' || value === 'off') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const invalid = entries.filter((entry) => !isProxyAddress(entry));
  if (entries.length === 0 || invalid.length > 0) {
    context.addIssue({ code: 'custom', message: `expects a hop count or a comma list of proxy addresses/CIDRs; cannot use ${invalid.join(', ') || 'an empty list'}` });
    return z.NEVER;
  }
  return entries;
});

const origins = list.transform((values, context) => {
  const invalid = (values ?? []).filter((value) => !/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(value));
  if (invalid.length > 0) context.addIssue({ code: 'custom', message: `expects origins like https://app.example.com; cannot use ${invalid.join(', ')}` });
  return values ?? [];
});

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

const environment = z.object({
  HOST: optional.default('127.0.0.1'),
  PORT: integer(3000, 0, 65_535),
  DATA_DIR: optional.default('./.data'),
  DATABASE_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional()),
  DATABASE_POOL_MAX: integer(10, 1, 1_000),
  DATABASE_ACQUIRE_TIMEOUT_MS: integer(2_000, 100, 60_000),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(5_000, 100, 600_000),
  REDIS_URL: optional.pipe(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  FEATURE_WORKFLOWS_ENABLED: boolean(true),
  FEATURE_WORKFLOW_RATE_LIMIT: optional.default('30/60s').pipe(rateSpec),
  WORKFLOW_RATE_LIMIT_ACCOUNT: optional.default('300/60s').pipe(rateSpec),
  RATE_LIMIT_ON_STORE_ERROR: optional.default('open').pipe(z.enum(['open', 'closed'], { error: 'must be open or closed' })),
  CORS_ORIGINS: origins,
  TRUST_PROXY: trustProxy,
  CLERK_JWT_KEY: optional.transform((value) => value?.replaceAll('\\n', '\n')),
  CLERK_JWKS_URL: optional.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  CLERK_ISSUER: optional,
  CLERK_AUTHORIZED_PARTIES: list,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: optional,
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 600_000),
  WEB_CONCURRENCY: integer(1, 1, 64),
  WORKFLOW_RESTORE_WINDOW_DAYS: integer(30, 1, 3_650),
  IDEMPOTENCY_KEY_TTL_HOURS: integer(24, 1, 8_760),
});

type Environment = z.infer<typeof environment>;

function authConfig(env: Environment, production: boolean): AuthConfig | string {
  const clerkSet = [env.CLERK_JWT_KEY, env.CLERK_JWKS_URL, env.CLERK_ISSUER, env.CLERK_AUTHORIZED_PARTIES].some((value) => value !== undefined);
  const hasKey = env.CLERK_JWT_KEY !== undefined || env.CLERK_JWKS_URL !== undefined;
  if (!clerkSet && !production) return { mode: 'dev' };
  if (!hasKey) {
    return production
      ? 'NODE_ENV=production needs CLERK_JWT_KEY or CLERK_JWKS_URL: the dev token issuer is never enabled in production'
      : 'CLERK_ISSUER or CLERK_AUTHORIZED_PARTIES is set, but neither CLERK_JWT_KEY nor CLERK_JWKS_URL';
  }
  if (env.CLERK_JWT_KEY !== undefined && !env.CLERK_JWT_KEY.includes('-----BEGIN PUBLIC KEY-----')) {
    return 'CLERK_JWT_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)';
  }
  return {
    mode: 'clerk',
    jwtKey: env.CLERK_JWT_KEY,
    jwksUrl: env.CLERK_JWKS_URL,
    issuer: env.CLERK_ISSUER,
    authorizedParties: env.CLERK_AUTHORIZED_PARTIES,
  };
}

/** Settings that are each valid but cannot run together. */
function deploymentRefusal(env: Environment, auth: AuthConfig): string | undefined {
  // Dev tokens can be minted by anyone who reaches the service: that mode stays on this machine.
  if (auth.mode === 'dev' && !LOOPBACK_HOSTS.has(env.HOST)) {
    return `HOST=${env.HOST} is not a loopback address: dev issuer mode (no Clerk configuration) serves only on 127.0.0.1, ::1 or localhost`;
  }
  if (env.WEB_CONCURRENCY === 1) return undefined;
  // PGlite is one process's database: a second process opening the same data folder would corrupt it.
  if (env.DATABASE_URL === undefined) {
    return `WEB_CONCURRENCY=${env.WEB_CONCURRENCY} needs DATABASE_URL: the embedded database (no DATABASE_URL) serves one process only; unset WEB_CONCURRENCY or set it to 1`;
  }
  // Each worker would count in its own memory, multiplying every limit by the number of workers.
  const limited = env.FEATURE_WORKFLOW_RATE_LIMIT !== null || env.WORKFLOW_RATE_LIMIT_ACCOUNT !== null;
  if (limited && env.REDIS_URL === undefined) {
    return `WEB_CONCURRENCY=${env.WEB_CONCURRENCY} needs REDIS_URL while rate limits are on: in-process counters would let each worker grant the whole limit`;
  }
  return undefined;
}

/** Reads the environment once; every problem is reported together so one restart fixes them all. */
export function loadConfig(source: Readonly<Record<string, string | undefined>>): Config {
  const parsed = environment.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  const auth = authConfig(env, production);
  if (typeof auth === 'string') throw new ConfigError([auth]);
  const refusal = deploymentRefusal(env, auth);
  if (refusal !== undefined) throw new ConfigError([refusal]);
  // npm runs workspace scripts in the workspace folder; a relative DATA_DIR means the caller's folder.
  const base = source.INIT_CWD ?? process.cwd();
  return {
    host: env.HOST,
    port: env.PORT,
    dataDir: isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(base, env.DATA_DIR),
    database:
      env.DATABASE_URL === undefined
        ? { kind: 'pglite' }
        : {
            kind: 'postgres',
            url: env.DATABASE_URL,
            poolMax: env.DATABASE_POOL_MAX,
            acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
            statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
          },
    redisUrl: env.REDIS_URL,
    auth,
    workflowsEnabled: env.FEATURE_WORKFLOWS_ENABLED,
    workflows: { restoreWindowDays: env.WORKFLOW_RESTORE_WINDOW_DAYS, idempotencyTtlHours: env.IDEMPOTENCY_KEY_TTL_HOURS },
    rateLimit: { user: env.FEATURE_WORKFLOW_RATE_LIMIT, account: env.WORKFLOW_RATE_LIMIT_ACCOUNT, onStoreError: env.RATE_LIMIT_ON_STORE_ERROR },
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    production,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    workers: env.WEB_CONCURRENCY,
  };
}
