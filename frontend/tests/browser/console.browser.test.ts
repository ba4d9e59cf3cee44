import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { aName } from '../support/builders.js';
import { accessibilityViolations, browserAvailable, consoleSuite, inlineErrorOf, type Opening } from '../support/console.js';

const backend = inject('backend');

describe.runIf(browserAvailable)('web console in Chromium against the real backend', () => {
  const suite = consoleSuite(backend);
  let page: Page;

  async function open(how: Opening = 'button'): Promise<Page> {
    return suite.open(how);
  }

  async function fillSchedule(name: string, cron: string): Promise<void> {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Trigger type').selectOption({ label: 'Schedule' });
    await page.getByLabel('Cron expression').fill(cron);
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByRole('button', { name: 'Create workflow' }).click();
  }

  const shownWorkflow = () => page.getByRole('region', { name: 'Workflow' });

  it('creates a schedule workflow and shows it', async () => {
    page = await open();
    const name = aName('Nightly digest');

    await fillSchedule(name, '0 2 * * *');

    await shownWorkflow().getByText(name, { exact: true }).waitFor();
    const shown = await shownWorkflow().innerText();
    expect(shown).toContain('schedule');
    expect(shown).toContain('"cron":"0 2 * * *"');
    expect(shown).toContain('"timezone":"Europe/Paris"');
    expect(shown).toContain('draft');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows a duplicate name as an error under Name', async () => {
    page = await open();
    const name = aName('Invoice paid');
    await fillSchedule(name, '0 2 * * *');
    await shownWorkflow().getByText(name, { exact: true }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('');

    await fillSchedule(name, '0 3 * * *');

    expect(await inlineErrorOf(page, 'Name')).toMatch(/already/i);
    expect(await page.getByRole('alert').innerText()).toContain('This name is taken.');
    expect(await page.getByLabel('Cron expression').getAttribute('aria-invalid')).toBe('false');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows an invalid cron expression as an error under the cron field, with a pasted token', async () => {
    page = await open('paste');

    await fillSchedule(aName('Bad schedule'), 'every night at two');

    expect(await inlineErrorOf(page, 'Cron expression')).not.toBe('');
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('false');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
