import { afterAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/shared/logger.js';
import { aTestApp, aToken } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { capturingLogger } from '../support/log-capture.js';

afterAll(closeSharedDatabases);

describe('secrets in logged URLs', () => {
  it.each([
    ['/api/v1/workflows?access_token=SECRET', '/api/v1/workflows?access_token=[REDACTED]'],
    ['/api/v1/workflows?limit=5&token=SECRET&q=x', '/api/v1/workflows?limit=5&token=[REDACTED]&q=x'],
    ['/x?api_key=SECRET&API-KEY=keep', '/x?api_key=[REDACTED]&API-KEY=keep'],
    ['/x?client%5Fsecret=SECRET', '/x?client%5Fsecret=[REDACTED]'],
    ['/x?next=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.sig', '/x?next=[REDACTED]'],
    ['/x?q=plain&limit=20', '/x?q=plain&limit=20'],
    ['/x', '/x'],
  ])('redacts %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('never writes a token sent in the query string or the Authorization header to the log', async () => {
    const { logger, output } = capturingLogger();
    const { request } = await aTestApp({ logger });
    const token = await aToken();

    await request({ method: 'GET', url: `/api/v1/workflows/00000000-0000-4000-8000-000000000000?access_token=${token}`, token });

    expect(output()).toContain('access_token=[REDACTED]');
    expect(output()).not.toContain(token);
    expect(output()).not.toContain(token.split('.')[2]);
  });
});
