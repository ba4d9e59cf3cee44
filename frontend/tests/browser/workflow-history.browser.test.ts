import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { aName, aScheduleWorkflow } from '../support/builders.js';
import { accessibilityViolations, browserAvailable, consoleSuite } from '../support/console.js';
import { createOverHttp, deleteOverHttp, patchOverHttp, tokenOf } from '../support/workflows.js';

const backend = inject('backend');

describe.runIf(browserAvailable)('editing, trash, history and activity in Chromium against the real backend', () => {
  const suite = consoleSuite(backend);
  let page: Page;
  let token: string;

  /** A fresh user with a dev token from the console's button. */
  async function open(): Promise<void> {
    page = await suite.open();
    token = await tokenOf(page);
  }

  const heading = () => page.locator('#workflow-heading');
  const editForm = () => page.getByRole('form', { name: /^Edit version/ });
  const tab = (name: string) => page.getByRole('tablist', { name: 'Workflow views' }).getByRole('tab', { name, exact: true });
  const panel = () => page.getByRole('tabpanel');

  async function visit(path: string): Promise<void> {
    await page.goto(new URL(path, suite.harness.url).href);
  }

  it('saves an edit changed meanwhile only after Overwrite', async () => {
    await open();
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());
    await visit(`/workflows/${workflow.id}`);
    await heading().getByText(workflow.name, { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    expect(await editForm().getByLabel('Name', { exact: true }).inputValue()).toBe(workflow.name);
    expect(await editForm().getByLabel('Cron expression').inputValue()).toBe('0 2 * * *');
    const elsewhere = aName('Changed elsewhere');
    await patchOverHttp(backend, token, workflow.id, 1, { name: elsewhere });
    const mine = aName('Mine');
    await editForm().getByLabel('Name', { exact: true }).fill(mine);
    await editForm().getByLabel('Description').fill('Edited in the console');
    await editForm().getByRole('button', { name: 'Save' }).click();

    const conflict = editForm().locator('.banner--edit-conflict');
    await conflict.getByRole('alert').getByText('This workflow changed since you opened it').waitFor();
    expect(await conflict.innerText()).toContain('version 2');
    expect(await conflict.getByRole('list', { name: 'Changed meanwhile' }).innerText()).toBe(`name: ${workflow.name} → ${elsewhere}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await conflict.getByRole('button', { name: 'Overwrite' }).click();

    await heading().getByText(mine, { exact: true }).waitFor();
    await editForm().waitFor({ state: 'detached' });
    await page.getByRole('status').getByText(`Saved “${mine}” (version 3).`).waitFor();
    expect(await panel().innerText()).toContain('Edited in the console');
  });

  it('shows a field error under the edited field, and Reload after a conflict shows the other change', async () => {
    await open();
    const taken = await createOverHttp(backend, token, aScheduleWorkflow());
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());
    await visit(`/workflows/${workflow.id}`);
    await heading().getByText(workflow.name, { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await editForm().getByLabel('Name', { exact: true }).fill(taken.name);
    await editForm().getByRole('button', { name: 'Save' }).click();
    await editForm().locator('#edit-workflow-name-error').waitFor();

    const other = aName('Other');
    await patchOverHttp(backend, token, workflow.id, 1, { name: other });
    await editForm().getByLabel('Name', { exact: true }).fill(aName('Late'));
    await editForm().getByRole('button', { name: 'Save' }).click();
    await editForm().getByRole('button', { name: 'Reload' }).click();

    await heading().getByText(other, { exact: true }).waitFor();
    await editForm().waitFor({ state: 'detached' });
  });

  it('restores a deleted workflow from the Trash', async () => {
    await open();
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());
    await deleteOverHttp(backend, token, workflow.id);
    await visit('/workflows');

    await page.getByRole('link', { name: 'Trash', exact: true }).click();
    const trash = page.getByRole('table', { name: 'Trash' });
    await trash.getByRole('row', { name: new RegExp(workflow.name) }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await trash.getByRole('button', { name: `Restore “${workflow.name}”` }).click();

    await heading().getByText(workflow.name, { exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/workflows/${workflow.id}`);
    expect(await page.getByRole('status').innerText()).toContain(`Restored “${workflow.name}”.`);
    await visit('/trash');
    await page.getByText('The trash is empty.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lists the versions with their changes and restores version 1 from History', async () => {
    await open();
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());
    const second = aName('Second');
    const third = aName('Third');
    await patchOverHttp(backend, token, workflow.id, 1, { name: second });
    await patchOverHttp(backend, token, workflow.id, 2, { name: third, description: 'Now described' });
    await visit(`/workflows/${workflow.id}`);
    await heading().getByText(third, { exact: true }).waitFor();

    // Keyboard: the selected tab is in the tab order, and the arrow keys move to the next one.
    await tab('Details').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tab('History').getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction(() => document.activeElement?.id === 'workflow-tab-history');

    const versions = panel().getByRole('list', { name: 'Versions' }).locator(':scope > li');
    await versions.nth(2).waitFor();
    expect(await versions.count()).toBe(3);
    expect(await versions.nth(0).innerText()).toMatch(/^Version 3 · workflow\.updated/);
    expect(await versions.nth(0).getByRole('list').innerText()).toBe(`name: ${second} → ${third}\ndescription: — → Now described`);
    expect(await versions.nth(1).getByRole('list').innerText()).toBe(`name: ${workflow.name} → ${second}`);
    expect(await versions.nth(2).innerText()).toContain('workflow.created');
    expect(await versions.nth(0).getByRole('button').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Restore this version (version 1)' }).click();

    await heading().getByText(workflow.name, { exact: true }).waitFor();
    await versions.nth(3).waitFor();
    expect(await versions.nth(0).innerText()).toMatch(/^Version 4 · workflow\.version_restored/);
    expect(await page.getByRole('status').innerText()).toContain(`Restored version 1 of “${workflow.name}”.`);
  });

  it('lists the workflow’s audit entries in Activity', async () => {
    await open();
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow());
    await patchOverHttp(backend, token, workflow.id, 1, { name: aName('Renamed') });
    await visit(`/workflows/${workflow.id}`);
    await heading().waitFor();

    await tab('Activity').click();

    const activity = panel().getByRole('table', { name: 'Activity' });
    await activity.locator('tbody tr').nth(1).waitFor();
    expect(new URL(page.url()).search).toBe('?tab=activity');
    await page.reload();
    await activity.locator('tbody tr').nth(1).waitFor();
    expect(await tab('Activity').getAttribute('aria-selected')).toBe('true');
    const actions = await activity.locator('tbody tr td:first-child').allInnerTexts();
    expect(actions).toEqual(['workflow.updated', 'workflow.created']);
    expect(await activity.locator('tbody tr').first().innerText()).toMatch(/user-/);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
