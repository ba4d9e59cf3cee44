import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { CONSOLE_PAGES } from '../../src/composition-root.js';
import { expectProblem } from '../support/problems.js';

/** A console build as Vite lays it out: one HTML page and hashed assets. */
function aConsoleBuild(): string {
  const directory = mkdtempSync(join(tmpdir(), 'workflow-console-'));
  mkdirSync(join(directory, 'assets'));
  writeFileSync(join(directory, 'index.html'), '<!doctype html><title>Workflow console</title><script type="module" src="/assets/app-1.js"></script>');
  writeFileSync(join(directory, 'assets', 'app-1.js'), 'console.log("console");');
  writeFileSync(join(directory, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return directory;
}

const withConsole = () => buildApp({ logger: false, readiness: {}, modules: [], console: { directory: aConsoleBuild(), pages: CONSOLE_PAGES } });

describe('the web console served by the service', () => {
  it('answers / with the console page under a policy that lets it load its own scripts and call the API', async () => {
    const app = await withConsole();

    const response = await app.inject({ method: 'GET', url: '/' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('<title>Workflow console</title>');
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'.*connect-src 'self'.*frame-ancestors 'none'/);
  });

  it('answers the console’s own page addresses with the same page, so a reload keeps the page', async () => {
    const app = await withConsole();

    const page = await app.inject({ method: 'GET', url: '/workflows/0190a6c2-7d3e-7a41-9b2c-5e8f1a2b3c4d' });

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Workflow console');
  });

  it('serves the built assets', async () => {
    const app = await withConsole();

    const script = await app.inject({ method: 'GET', url: '/assets/app-1.js' });

    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toBe('console.log("console");');
  });

  it('serves its icon, and sends /favicon.ico (which browsers ask for on their own) to it', async () => {
    const app = await withConsole();

    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    const ico = await app.inject({ method: 'GET', url: '/favicon.ico' });

    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(ico.statusCode).toBe(301);
    expect(ico.headers.location).toBe('/favicon.svg');
  });

  it('leaves the API’s answers under their own policy, and unknown paths as 404 problems', async () => {
    const app = await withConsole();

    const unknown = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    const missingAsset = await app.inject({ method: 'GET', url: '/assets/missing.js' });

    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(missingAsset.statusCode).toBe(404);
  });

  it('answers / with 404 when no console was built', async () => {
    const app = await buildApp({ logger: false, readiness: {}, modules: [] });

    const response = await app.inject({ method: 'GET', url: '/' });

    expectProblem(response, 404, 'NOT_FOUND');
  });
});
