import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startBackend, type RunningBackend } from '../support/backend.js';
import { aName, aScheduleWorkflow } from '../support/builders.js';
import { createOverHttp, tokenOf } from '../support/workflows.js';
import { accessibilityViolations, browserAvailable, consoleSuite } from '../support/console.js';
import { anUnsignedToken } from '../support/tokens.js';

/**
 * The console opened before its backend answers, as a first user does who starts both at once:
 * Vite's proxy answers 502 until the backend listens. That backend, once up, allows one change
 * per user every 5 seconds, to reach 429 quickly.
 */
const port = await freePort();

describe.runIf(browserAvailable)('the console before and after its backend answers, in Chromium', () => {
  // Quiet: the proxy's connection errors before the backend listens are the point of these tests.
  const suite = consoleSuite({ url: `http://127.0.0.1:${port}` }, { quiet: true });
  let backend: RunningBackend | undefined;
  let page: Page;

  afterAll(async () => {
    await backend?.stop();
  });

  async function open(): Promise<void> {
    page = await suite.open('no token');
  }

  /**
   * The first test waits out the reads' three retries and then starts the backend inside itself
   * (about 15 s on a busy machine), so it gets more than the suite's 30 s.
   */
  const BACKEND_STARTS_WITHIN_TEST_MS = 90_000;

  const backendUp = async (): Promise<RunningBackend> => {
    backend ??= await startBackend({ FEATURE_WORKFLOW_RATE_LIMIT: '1/5s' }, port);
    return backend;
  };

  it('says the service is unreachable with Try again, and shows the dev issuer once the backend answers', async () => {
    await open();
    await page.getByLabel('Bearer token').fill(anUnsignedToken({ org: 'org-early' }));

    const alert = page.getByRole('region', { name: 'Workflows' }).getByRole('alert');
    await alert.getByText('Service unreachable.').waitFor();
    expect(await page.getByRole('button', { name: 'Get a dev token' }).count()).toBe(0);
    expect(await page.getByText('Organization org-early.').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await backendUp();

    await page.getByRole('button', { name: 'Get a dev token' }).waitFor();
    await page.getByRole('button', { name: 'Try again' }).click();
    await alert.getByText('The bearer token signature is invalid. Use another token.').waitFor();

    await page.getByRole('button', { name: 'Get a dev token' }).click();

    await page.getByText('No workflows yet.', { exact: false }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  }, BACKEND_STARTS_WITHIN_TEST_MS);

  it('counts a 429 down with Create disabled, then enables it again', async () => {
    await backendUp();
    await open();
    await page.getByLabel('Organization').fill(aName('org').replace(/\W+/g, '-').slice(0, 40));
    await page.getByRole('button', { name: 'Get a dev token' }).click();
    await page.getByRole('button', { name: 'New workflow' }).click();
    const create = page.getByRole('button', { name: 'Create workflow' });
    await page.getByLabel('Name', { exact: true }).fill(aName('First'));
    await create.click();
    await page.getByRole('status').getByText('Created', { exact: false }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill(aName('Second'));
    await create.click();

    await page.getByRole('alert').getByText('Slow down.').waitFor();
    await page.getByText(/You can try again in \d+ s\./).waitFor();
    expect(await create.isDisabled()).toBe(true);
    // The live region that will say "now" is already in the page, empty, so the change is announced.
    expect(await page.locator('.banner [role="status"]').innerText()).toBe('');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('status').getByText('You can try again now.').waitFor({ timeout: 15_000 });
    expect(await create.isEnabled()).toBe(true);
    await create.click();
    await page.getByRole('status').getByText('Created “Second', { exact: false }).waitFor();
  });

  it('keeps a workflow’s actions disabled through a 429 countdown, then runs the action', async () => {
    const running = await backendUp();
    await open();
    await page.getByLabel('Organization').fill(aName('org').replace(/\W+/g, '-').slice(0, 40));
    await page.getByRole('button', { name: 'Get a dev token' }).click();
    const workflow = await createOverHttp(running, await tokenOf(page), aScheduleWorkflow());
    await page.goto(new URL(`/workflows/${workflow.id}`, suite.harness.url).href);
    const activate = page.getByRole('button', { name: 'Activate' });

    await activate.click();

    await page.getByRole('alert').getByText('Slow down.').waitFor();
    expect(await activate.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Delete' }).isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('status').getByText('You can try again now.').waitFor({ timeout: 15_000 });
    await activate.click();
    await page.getByRole('status').getByText(`Activated “${workflow.name}”.`).waitFor();
  });
});
