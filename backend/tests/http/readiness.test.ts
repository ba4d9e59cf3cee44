import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';

afterAll(closeSharedDatabases);

describe('readiness', () => {
  it('answers 200 and reports each dependency when all are up', async () => {
    const { request } = await aTestApp({ readiness: { database: () => Promise.resolve(), redis: () => Promise.resolve() } });

    const response = await request({ method: 'GET', url: '/readyz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
  });

  it('answers 503 and reports each dependency when one is down', async () => {
    const { request } = await aTestApp({ readiness: { database: () => Promise.resolve(), redis: () => Promise.reject(new Error('down')) } });

    const response = await request({ method: 'GET', url: '/readyz' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', checks: { database: 'ok', redis: 'unavailable' } });
  });

  it('stays 200 and reports "degraded" while a degradable dependency is down', async () => {
    const { request } = await aTestApp({ readiness: { database: () => Promise.resolve(), redis: { check: () => Promise.reject(new Error('down')), degradable: true } } });

    const response = await request({ method: 'GET', url: '/readyz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'degraded' } });
  });

  it('reports a degradable dependency "ok" when it answers, and still fails on a required one', async () => {
    const { request } = await aTestApp({ readiness: { database: () => Promise.reject(new Error('down')), redis: { check: () => Promise.resolve(), degradable: true } } });

    const response = await request({ method: 'GET', url: '/readyz' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ checks: { database: 'unavailable', redis: 'ok' } });
  });
});
