import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, devKeys } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { expectProblem } from '../support/problems.js';

afterAll(closeSharedDatabases);

const MINT = { org: 'acme', user: 'dora', permissions: ['org:workflows:read'] };

async function devApp() {
  const { pair } = await devKeys();
  return aTestApp({ devIssuer: pair });
}

describe('dev token endpoints answer loopback host names only', () => {
  it.each(['attacker.example', 'attacker.example:3000', '127.0.0.1.attacker.example', '10.0.0.5:3000', 'localhost.evil'])(
    'refuses to mint for Host: %s, as a DNS-rebound page would send',
    async (host) => {
      const { request } = await devApp();

      const minted = await request({ method: 'POST', url: '/dev/token', headers: { host }, payload: MINT });
      const probe = await request({ method: 'GET', url: '/dev/token', headers: { host } });

      expectProblem(minted, 403, 'FORBIDDEN');
      expect(minted.body).not.toContain('token":');
      expect(probe.statusCode).toBe(403);
    },
  );

  it.each(['localhost:3000', '127.0.0.1:3000', '127.0.0.1', '[::1]:3000', 'LOCALHOST'])('mints for Host: %s', async (host) => {
    const { request } = await devApp();

    const minted = await request({ method: 'POST', url: '/dev/token', headers: { host }, payload: MINT });

    expect(minted.statusCode).toBe(200);
    expect(minted.json<{ token: string }>().token).toMatch(/^ey/);
  });
});
