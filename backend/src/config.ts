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

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'pglite' }
    | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number; readonly acquireTimeoutMs: number; readonly statementTimeoutMs: number };
  readonly auth: AuthConfig;
  readonly logLevel: string;
  readonly production: boolean;
  readonly shutdownTimeoutMs: number;
}

const optional = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const integer = (fallback: number, min: number, max: number) =>
  z.preprocess((value) => (value === undefined || value === '' ? String(fallback) : value), z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max)));

const list = optional.transform((value) => value?.split(',').map((item) => item.trim()).filter((item) => item !== ''));

const environment = z.object({
  HOST: optional.default('127.0.0.1'),
  PORT: integer(3000, 0, 65_535),
  DATA_DIR: optional.default('./.data'),
  DATABASE_URL: optional.pipe(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional()),
  DATABASE_POOL_MAX: integer(10, 1, 1_000),
  DATABASE_ACQUIRE_TIMEOUT_MS: integer(2_000, 100, 60_000),
  DATABASE_STATEMENT_TIMEOUT_MS: integer(5_000, 100, 600_000),
  CLERK_JWT_KEY: optional.transform((value) => value?.replaceAll('\\n', '\n')),
  CLERK_JWKS_URL: optional.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  CLERK_ISSUER: optional,
  CLERK_AUTHORIZED_PARTIES: list,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: optional,
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0, 600_000),
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
    auth,
    logLevel: env.LOG_LEVEL,
    production,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}
