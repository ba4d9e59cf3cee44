import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { aName, aScheduleWorkflow } from '../support/builders.js';
import { accessibilityViolations, browserAvailable, consoleSuite } from '../support/console.js';
import { createOverHttp, tokenOf } from '../support/workflows.js';

const backend = inject('backend');

describe.runIf(browserAvailable)('workflows pages in Chromium against the real backend', () => {
  const suite = consoleSuite(backend);
  let page: Page;
  let token: string;

  /** A fresh user with a dev token from the console's button. */
  async function open(): Promise<void> {
    page = await suite.open();
    token = await tokenOf(page);
  }

  const list = () => page.getByRole('table', { name: 'Workflows' });
  const rows = () => list().locator('tbody tr');
  const heading = () => page.locator('#workflow-heading');
  const actions = () => page.getByRole('group', { name: 'Actions' }).getByRole('button');
  const badge = () => page.getByRole('region', { name: /^Workflow / }).locator('.badge');

  async function visit(path: string): Promise<void> {
    await page.goto(new URL(path, suite.harness.url).href);
  }

  it('lists the workflows created, and Load more reads the next page', async () => {
    await open();
    const prefix = aName('Listed');
    for (let index = 0; index < 21; index += 1) {
      await createOverHttp(backend, token, aScheduleWorkflow({ name: `${prefix} ${String(index).padStart(2, '0')}` }));
    }

    await page.reload();

    await rows().nth(19).waitFor();
    expect(await rows().count()).toBe(20);
    const first = rows().first();
    expect(await first.getByRole('link').innerText()).toBe(`${prefix} 20`);
    expect(await first.innerText()).toContain('daily at 02:00 (Europe/Paris)');
    expect(await first.innerText()).toContain('draft');
    expect(await list().locator('th[scope="col"]').allInnerTexts()).toEqual(['Name', 'Status', 'Trigger', 'Updated']);

    await page.getByRole('button', { name: 'Load more' }).click();

    await rows().nth(20).waitFor();
    expect(await rows().count()).toBe(21);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await rows().last().getByRole('link').innerText()).toBe(`${prefix} 00`);
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
  });

  it('filters the list by the search box, the trigger and the status, and sorts it', async () => {
    await open();
    const suffix = aName('');
    for (const name of [`Alpha report${suffix}`, `Beta report${suffix}`, `alpha digest${suffix}`]) {
      await createOverHttp(backend, token, aScheduleWorkflow({ name }));
    }
    await page.reload();
    await rows().nth(2).waitFor();

    await page.getByLabel('Search workflows').fill('ALPHA');

    await page.getByRole('link', { name: `Beta report${suffix}` }).waitFor({ state: 'detached' });
    await expect.poll(async () => (await list().getByRole('link').allInnerTexts()).sort()).toEqual([`Alpha report${suffix}`, `alpha digest${suffix}`]);

    await page.getByLabel('Search workflows').fill('no such workflow');
    await page.getByText('No workflows match these filters.').waitFor();

    await page.getByLabel('Search workflows').fill('');
    await page.getByLabel('Sort').selectOption({ label: 'Name (A–Z)' });
    await expect.poll(() => list().getByRole('link').allInnerTexts()).toEqual([`alpha digest${suffix}`, `Alpha report${suffix}`, `Beta report${suffix}`]);

    await page.getByLabel('Trigger', { exact: true }).selectOption({ label: 'Webhook' });
    await page.getByText('No workflows match these filters.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Trigger', { exact: true }).selectOption({ label: 'Schedule' });
    await page.getByLabel('Status', { exact: true }).selectOption('draft');
    await expect.poll(() => list().getByRole('link').count()).toBe(3);

    // The filters live in the address: a reload (or the link, shared) shows the same list.
    await page.getByLabel('Search workflows').fill('alpha');
    await expect.poll(() => list().getByRole('link').count()).toBe(2);
    expect(new URL(page.url()).search).toBe('?q=alpha&status=draft&trigger_type=schedule&sort=name');
    await page.reload();
    await expect.poll(async () => list().getByRole('link').allInnerTexts()).toEqual([`alpha digest${suffix}`, `Alpha report${suffix}`]);
    expect(await page.getByLabel('Search workflows').inputValue()).toBe('alpha');
    expect(await page.getByLabel('Sort').inputValue()).toBe('name');

    // A link to the list shows it unfiltered; Back shows the filtered one again.
    await page.getByRole('link', { name: 'Workflow console' }).click();
    await expect.poll(() => page.getByLabel('Search workflows').inputValue()).toBe('');
    expect(new URL(page.url()).search).toBe('');
    await page.goBack();
    await expect.poll(() => page.getByLabel('Search workflows').inputValue()).toBe('alpha');
    await expect.poll(async () => list().getByRole('link').allInnerTexts()).toEqual([`alpha digest${suffix}`, `Alpha report${suffix}`]);
  });

  it('opens a workflow by its address and keeps the page and the token over a reload', async () => {
    await open();
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow({ trigger_config: { cron: '30 7 * * MON-FRI', timezone: 'Asia/Tokyo' } }));

    await visit(`/workflows/${workflow.id}`);
    await heading().getByText(workflow.name, { exact: true }).waitFor();
    await page.reload();

    await heading().getByText(workflow.name, { exact: true }).waitFor();
    expect(await page.getByRole('region', { name: /^Workflow / }).innerText()).toContain('every weekday at 07:30 (Asia/Tokyo)');
    expect(await page.inputValue('#token')).toBe(token);
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Workflows', exact: true }).click();
    await list().getByRole('link', { name: workflow.name }).click();
    await heading().getByText(workflow.name, { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/workflows/${workflow.id}`);
  });

  it('creates from the New workflow button, then shows the new workflow with the focus on its heading', async () => {
    await open();
    const name = aName('Invoice paid');

    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Trigger type').selectOption({ label: 'Event' });
    await page.getByLabel('Event name').fill('invoice.paid');
    await page.getByRole('button', { name: 'Create workflow' }).click();

    await heading().getByText(name, { exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'workflow-heading');
    expect(new URL(page.url()).pathname).toMatch(/^\/workflows\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').innerText()).toContain(`Created “${name}”.`);
    expect(await page.getByRole('region', { name: /^Workflow / }).innerText()).toContain('When invoice.paid happens');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('offers exactly the allowed actions: activate, then pause', async () => {
    await open();
    const untriggered = await createOverHttp(backend, token, { name: aName('No trigger') });
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());

    await visit(`/workflows/${untriggered.id}`);
    await heading().getByText(untriggered.name, { exact: true }).waitFor();
    expect(await actions().allInnerTexts()).toEqual(['Archive', 'Duplicate', 'Delete']);
    expect(await page.getByRole('region', { name: /^Workflow / }).innerText()).toContain('No trigger yet');

    await visit(`/workflows/${workflow.id}`);
    await heading().getByText(workflow.name, { exact: true }).waitFor();
    expect(await actions().allInnerTexts()).toEqual(['Activate', 'Archive', 'Duplicate', 'Delete']);

    await page.getByRole('button', { name: 'Activate' }).click();
    await badge().getByText('active', { exact: true }).waitFor();
    expect(await actions().allInnerTexts()).toEqual(['Pause', 'Archive', 'Duplicate', 'Delete']);

    await page.getByRole('button', { name: 'Pause' }).click();
    await badge().getByText('paused', { exact: true }).waitFor();
    expect(await actions().allInnerTexts()).toEqual(['Activate', 'Archive', 'Duplicate', 'Delete']);
    await page.getByRole('status').getByText(`Paused “${workflow.name}”.`).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'workflow-heading');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('duplicates a workflow and goes to the copy', async () => {
    await open();
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());
    await visit(`/workflows/${workflow.id}`);
    await heading().getByText(workflow.name, { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Duplicate' }).click();

    await heading().getByText(`${workflow.name} (copy)`, { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).not.toBe(`/workflows/${workflow.id}`);
    expect(await badge().innerText()).toBe('draft');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('deletes a workflow and brings it back with Undo', async () => {
    await open();
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());
    await visit(`/workflows/${workflow.id}`);
    await heading().getByText(workflow.name, { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Delete' }).click();

    await page.getByRole('status').getByText(`Deleted “${workflow.name}”.`).waitFor();
    expect(new URL(page.url()).pathname).toBe('/workflows');
    await page.getByText('No workflows yet.', { exact: false }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'workflows-heading');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();

    await heading().getByText(workflow.name, { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/workflows/${workflow.id}`);
    expect(await page.getByRole('status').innerText()).toContain(`Restored “${workflow.name}”.`);
  });
});
