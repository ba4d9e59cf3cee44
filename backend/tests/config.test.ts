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

  it.each([
    [{ NODE_ENV: 'production' }, /never enabled in production/],
    [{ CLERK_ISSUER: 'https://clerk.example.com' }, /neither CLERK_JWT_KEY nor CLERK_JWKS_URL/],
    [{ CLERK_JWT_KEY: 'not a pem' }, /PEM public key/],
    [{ PORT: 'eighty' }, /PORT: must be a whole number/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://db/app' }, /DATABASE_URL: must be a postgres/],
    [{ CLERK_JWKS_URL: 'ftp://keys' }, /CLERK_JWKS_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('refuses %o with a clear message', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it('reports every problem at once', () => {
    const attempt = () => loadConfig({ PORT: 'x', DATABASE_POOL_MAX: '0' });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*DATABASE_POOL_MAX/);
  });
});
