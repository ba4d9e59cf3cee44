import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const PEM = '-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----';

describe('configuration', () => {
  it('defaults to the embedded database and the dev issuer', () => {
    const config = loadConfig({ INIT_CWD: '/srv/app' });

    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, dataDir: '/srv/app/.data', database: { kind: 'pglite' }, auth: { mode: 'dev' }, logLevel: 'info', production: false });
  });

  it('uses PostgreSQL with bounded pool timeouts when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/app', DATABASE_POOL_MAX: '4', DATABASE_ACQUIRE_TIMEOUT_MS: '750' });

    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://app@db:5432/app', poolMax: 4, acquireTimeoutMs: 750, statementTimeoutMs: 5000 });
  });

  it('keeps an absolute DATA_DIR as given', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/workflows' }).dataDir).toBe('/var/lib/workflows');
  });

  it('reads the Clerk settings, with literal \\n in the key and a comma list of parties', () => {
    const config = loadConfig({ CLERK_JWT_KEY: PEM, CLERK_ISSUER: 'https://clerk.example.com', CLERK_AUTHORIZED_PARTIES: 'https://a.example.com, https://b.example.com,' });

    expect(config.auth).toEqual({
      mode: 'clerk',
      jwtKey: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----',
      jwksUrl: undefined,
      issuer: 'https://clerk.example.com',
      authorizedParties: ['https://a.example.com', 'https://b.example.com'],
    });
  });

  it('accepts a JWKS URL in production', () => {
    const config = loadConfig({ NODE_ENV: 'production', CLERK_JWKS_URL: 'https://clerk.example.com/.well-known/jwks.json' });

    expect(config.auth).toMatchObject({ mode: 'clerk', jwksUrl: 'https://clerk.example.com/.well-known/jwks.json' });
    expect(config.production).toBe(true);
  });

  it('limits creates to 30/60s per user and 300/60s per account by default, failing open', () => {
    expect(loadConfig({}).rateLimit).toEqual({ user: { limit: 30, windowSeconds: 60 }, account: { limit: 300, windowSeconds: 60 }, onStoreError: 'open' });
  });

  it('switches a limit off and the store error mode to closed', () => {
    const config = loadConfig({ FEATURE_WORKFLOW_RATE_LIMIT: 'off', WORKFLOW_RATE_LIMIT_ACCOUNT: '1000/3600s', RATE_LIMIT_ON_STORE_ERROR: 'closed' });

    expect(config.rateLimit).toEqual({ user: null, account: { limit: 1000, windowSeconds: 3600 }, onStoreError: 'closed' });
  });

  it('reads the feature flag, Redis, CORS origins and proxy trust', () => {
    const config = loadConfig({
      FEATURE_WORKFLOWS_ENABLED: 'false',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8, loopback, ::1',
    });

    expect(config).toMatchObject({
      workflowsEnabled: false,
      redisUrl: 'redis://127.0.0.1:6379/0',
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      trustProxy: ['10.0.0.0/8', 'loopback', '::1'],
    });
  });

  it.each([
    ['', false],
    ['off', false],
    ['2', 2],
  ])('reads TRUST_PROXY=%j as %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    [{ NODE_ENV: 'production' }, /never enabled in production/],
    [{ FEATURE_WORKFLOW_RATE_LIMIT: '30/min' }, /FEATURE_WORKFLOW_RATE_LIMIT: "30\/min" is not N\/<seconds>s/],
    [{ WORKFLOW_RATE_LIMIT_ACCOUNT: '0/60s' }, /WORKFLOW_RATE_LIMIT_ACCOUNT/],
    [{ RATE_LIMIT_ON_STORE_ERROR: 'maybe' }, /RATE_LIMIT_ON_STORE_ERROR: must be open or closed/],
    [{ FEATURE_WORKFLOWS_ENABLED: 'yes' }, /FEATURE_WORKFLOWS_ENABLED: must be true or false/],
    [{ REDIS_URL: 'http://cache' }, /REDIS_URL: must be a redis/],
    [{ CORS_ORIGINS: '*' }, /CORS_ORIGINS: expects origins/],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, /CORS_ORIGINS/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY: expects a hop count/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY/],
    [{ TRUST_PROXY: '10.0.0.1/8/2' }, /TRUST_PROXY/],
    [{ CLERK_ISSUER: 'https://clerk.example.com' }, /neither CLERK_JWT_KEY nor CLERK_JWKS_URL/],
    [{ CLERK_JWT_KEY: 'not a pem' }, /PEM public key/],
    [{ PORT: 'eighty' }, /PORT: must be a whole number/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://db/app' }, /DATABASE_URL: must be a postgres/],
    [{ CLERK_JWKS_URL: 'ftp://keys' }, /CLERK_JWKS_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ WEB_CONCURRENCY: '0', DATABASE_URL: 'postgres://app@db/app' }, /WEB_CONCURRENCY/],
    [{ WEB_CONCURRENCY: '65', DATABASE_URL: 'postgres://app@db/app' }, /WEB_CONCURRENCY/],
    [{ WEB_CONCURRENCY: 'two', DATABASE_URL: 'postgres://app@db/app' }, /WEB_CONCURRENCY: must be a whole number/],
    [{ WEB_CONCURRENCY: '1.5', DATABASE_URL: 'postgres://app@db/app' }, /WEB_CONCURRENCY: must be a whole number/],
  ])('refuses %o with a clear message', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('runs one process unless WEB_CONCURRENCY says otherwise', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: '' }).workers).toBe(1);
  });

  it('runs WEB_CONCURRENCY workers against PostgreSQL', () => {
    const config = loadConfig({ WEB_CONCURRENCY: '64', DATABASE_URL: 'postgres://app@db:5432/app', REDIS_URL: 'redis://cache:6379' });

    expect(config.workers).toBe(64);
  });

  it('refuses several workers that would each count rate limits in their own memory', () => {
    const attempt = () => loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://app@db:5432/app' });

    expect(attempt).toThrow(/WEB_CONCURRENCY=2 needs REDIS_URL while rate limits are on/);
  });

  it('runs several workers without Redis when every rate limit is off', () => {
    const config = loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://app@db:5432/app', FEATURE_WORKFLOW_RATE_LIMIT: 'off', WORKFLOW_RATE_LIMIT_ACCOUNT: 'off' });

    expect(config.workers).toBe(2);
  });

  it('accepts WEB_CONCURRENCY=1 on the embedded database', () => {
    expect(loadConfig({ WEB_CONCURRENCY: '1' }).workers).toBe(1);
  });

  it('refuses several workers on the embedded database, which one process owns', () => {
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY=2 needs DATABASE_URL/);
  });

  it('keeps dev issuer mode on loopback', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/dev issuer mode .* serves only on 127\.0\.0\.1/);
  });

  it('serves on any address with Clerk configured', () => {
    expect(loadConfig({ HOST: '0.0.0.0', CLERK_JWKS_URL: 'https://clerk.example.com/.well-known/jwks.json' }).host).toBe('0.0.0.0');
  });

  it('reports every problem at once', () => {
    const attempt = () => loadConfig({ PORT: 'x', DATABASE_POOL_MAX: '0' });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*DATABASE_POOL_MAX/);
  });
});
