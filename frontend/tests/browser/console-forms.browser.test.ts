import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { aName, aScheduleWorkflow } from '../support/builders.js';
import { accessibilityViolations, browserAvailable, consoleSuite, horizontalOverflow, inlineErrorOf } from '../support/console.js';
import { createOverHttp, tokenOf } from '../support/workflows.js';
import { anUnsignedToken, mintToken } from '../support/tokens.js';

const backend = inject('backend');

describe.runIf(browserAvailable)('the console’s forms in Chromium against the real backend', () => {
  const suite = consoleSuite(backend);
  let page: Page;

  async function open(): Promise<void> {
    page = await suite.open();
  }

  async function openWithoutToken(): Promise<void> {
    page = await suite.open('no token');
  }

  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  const name = () => page.getByLabel('Name', { exact: true });
  const tokenField = () => page.getByLabel('Bearer token');

  /** Presses Tab (or Shift+Tab) until the focus is on an element matching `test`, as a keyboard user would. */
  async function tabTo(describe: string, test: (element: Element) => boolean, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press(key);
      if (await page.evaluate(`(${test.toString()})(document.activeElement)`)) return;
    }
    throw new Error(`Tab never reached ${describe}`);
  }

  it('tells a missing, a malformed and an expired token apart, and strips a pasted “Bearer ” prefix', async () => {
    await openWithoutToken();
    await page.getByText('Paste a session token, or get a dev token below.').waitFor();

    await tokenField().fill('Bearer not-a-token');
    expect(await tokenField().inputValue()).toBe('not-a-token');
    expect(await inlineErrorOf(page, 'Bearer token')).toContain('This is not a session token');
    expect(await accessibilityViolations(page)).toEqual([]);

    await tokenField().fill(anUnsignedToken({ expiresInSeconds: -60 }));
    expect(await inlineErrorOf(page, 'Bearer token')).toMatch(/^This token expired at .+\. Paste a new one, or get a dev token below\.$/);

    const token = await mintToken(backend);
    await tokenField().fill(`Bearer ${token}`);
    expect(await tokenField().inputValue()).toBe(token);
    expect(await tokenField().getAttribute('aria-invalid')).toBe('false');
    await page.getByText('No workflows yet.', { exact: false }).waitFor();
  });

  it('submits the dev issuer fields with Enter and shows why a field was refused, until it is edited', async () => {
    await openWithoutToken();
    await page.getByLabel('Organization').fill('');
    await page.getByLabel('User', { exact: true }).press('Enter');

    expect(await inlineErrorOf(page, 'Organization')).not.toBe('');
    expect(await focusedId()).toBe('dev-org');
    expect(await page.getByLabel('User', { exact: true }).getAttribute('aria-invalid')).toBe('false');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Organization').pressSequentially('acme');
    expect(await page.getByLabel('Organization').getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('#dev-org-error').count()).toBe(0);

    await page.getByLabel('Organization').press('Enter');
    await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#token')?.value ?? '').startsWith('eyJ'));
  });

  it('counts characters without cutting, clears a field’s error once edited, focuses what to fix, and empties itself after a create', async () => {
    await open();
    await page.getByRole('button', { name: 'New workflow' }).click();
    expect(await focusedId()).toBe('workflow-name');

    const tooLong = 'n'.repeat(101);
    await name().fill(tooLong);
    expect(await name().inputValue()).toBe(tooLong);
    expect(await page.locator('#workflow-name-count').innerText()).toBe('1 character over the limit of 100');
    await page.getByLabel('Description').fill('abc');
    expect(await page.locator('#workflow-description-count').innerText()).toBe('3 / 2000');

    await page.getByRole('button', { name: 'Create workflow' }).click();

    expect(await inlineErrorOf(page, 'Name')).not.toBe('');
    await page.waitForFunction(() => document.activeElement?.id === 'workflow-name');
    expect(await accessibilityViolations(page)).toEqual([]);

    const fixed = aName('Counted');
    await name().fill(fixed);
    expect(await name().getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('#workflow-name-error').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByLabel('Trigger type').selectOption({ label: 'Schedule' });
    await page.getByLabel('Cron expression').fill('whenever');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    expect(await inlineErrorOf(page, 'Cron expression')).not.toBe('');
    await page.waitForFunction(() => document.activeElement?.id === 'schedule-cron');

    await page.getByLabel('Cron expression').fill('0 7 * * *');
    expect(await page.getByLabel('Cron expression').getAttribute('aria-invalid')).toBe('false');
    await page.getByRole('button', { name: 'Create workflow' }).click();

    await page.getByRole('status').getByText(`Created “${fixed}”.`).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'workflow-heading');
    expect(await name().inputValue()).toBe('');
    expect(await page.getByLabel('Description').inputValue()).toBe('');
    expect(await page.getByLabel('Trigger type').inputValue()).toBe('none');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('creates a workflow with the keyboard alone, and after a refused create puts the focus on the field to fix', async () => {
    await open();
    const workflowName = aName('Keyboard');
    await page.locator('body').focus();

    await tabTo('New workflow', (element) => element.textContent === 'New workflow');
    await page.keyboard.press('Enter');
    expect(await focusedId()).toBe('workflow-name');
    await page.keyboard.type(workflowName);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Made without a mouse');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Trigger type').inputValue()).toBe('manual');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');

    await page.getByRole('status').getByText(`Created “${workflowName}”.`).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'workflow-heading');
    expect(await page.locator('#workflow-heading').innerText()).toBe(workflowName);

    await tabTo('the Name field', (element) => element.id === 'workflow-name', 'Shift+Tab');
    await page.keyboard.type(workflowName);
    await page.keyboard.press('Enter');

    expect(await inlineErrorOf(page, 'Name')).toMatch(/already/i);
    expect(await focusedId()).toBe('workflow-name');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('clears the banners of the previous token when a new one is set, keeping what was typed', async () => {
    await open();
    await page.getByRole('button', { name: 'New workflow' }).click();
    await name().fill('   ');
    await page.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByRole('alert').first().waitFor();
    await page.getByLabel('Description').fill('Typed before the new token');

    await tokenField().fill(await mintToken(backend));

    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await page.getByLabel('Description').inputValue()).toBe('Typed before the new token');
  });

  it('fits a phone: no horizontal scroll at 390 or 320 px wide, on the list, a workflow and the create form', async () => {
    await open();
    const token = await tokenOf(page);
    const long = 'Quarterly-reconciliation-of-supplier-invoices-across-regions'.repeat(2).slice(0, 90);
    const workflow = await createOverHttp(backend, token, aScheduleWorkflow({ name: aName(long), description: 'd'.repeat(300) }));
    await createOverHttp(backend, token, aScheduleWorkflow({ trigger_config: { cron: '30 7 * * MON-FRI', timezone: 'America/Argentina/ComodRivadavia' } }));

    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 640 });
      await page.goto(new URL('/workflows', suite.harness.url).href);
      await page.getByRole('link', { name: workflow.name }).waitFor();
      expect(await horizontalOverflow(page), `list at ${width} px`).toBe(0);
      await page.getByRole('button', { name: 'New workflow' }).click();
      await page.getByLabel('Trigger type').selectOption({ label: 'Schedule' });
      expect(await horizontalOverflow(page), `create form at ${width} px`).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);

      await page.getByRole('link', { name: workflow.name }).click();
      await page.locator('#workflow-heading').getByText(workflow.name).waitFor();
      expect(await horizontalOverflow(page), `workflow at ${width} px`).toBe(0);
      for (const tab of ['History', 'Activity']) {
        await page.getByRole('tab', { name: tab }).click();
        await page.getByRole('tabpanel').locator('li, tbody tr').first().waitFor();
        expect(await horizontalOverflow(page), `${tab} at ${width} px`).toBe(0);
      }
      await page.getByRole('button', { name: 'Edit' }).click();
      expect(await horizontalOverflow(page), `edit form at ${width} px`).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
  });

  it('draws every control’s border at 3:1 at least against the panel behind it (WCAG 1.4.11)', async () => {
    await open();
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByLabel('Trigger type').selectOption({ label: 'Schedule' });

    const ratios = await page.evaluate(() => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      const luminance = (color: string) => {
        const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const background = (element: Element | null): string => {
        for (let current = element; current !== null; current = current.parentElement) {
          const color = getComputedStyle(current).backgroundColor;
          if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
        }
        return 'rgb(255, 255, 255)';
      };
      return [...document.querySelectorAll('input, select, textarea')].map((control) => {
        const [lighter, darker] = [luminance(getComputedStyle(control).borderTopColor), luminance(background(control.parentElement))].sort((a, b) => b - a);
        return { id: control.id, ratio: ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05) };
      });
    });

    expect(ratios.length).toBeGreaterThan(5);
    expect(ratios.filter(({ ratio }) => ratio < 3)).toEqual([]);
  });

  it('answers /favicon.ico with the console’s icon', async () => {
    await open();

    const response = await page.request.get(new URL('/favicon.ico', suite.harness.url).href);

    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  });
});
