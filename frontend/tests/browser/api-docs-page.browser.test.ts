import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { browserAvailable, launchChromium, pageErrorsOf } from '../support/console.js';

const backend = inject('backend');

/**
 * The API's documentation page (/docs) served by the backend under its own Content-Security-Policy:
 * it must render and work with that policy, and the browser must report no violation of it.
 */
describe.runIf(browserAvailable)('the API documentation page, in Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders and runs "Try it out" under its policy, with no violation reported', async () => {
    if (browser === undefined) throw new Error('no browser');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = pageErrorsOf(page);
      const violations: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`Content Security Policy: ${event.violatedDirective} blocked ${event.blockedURI}`);
        });
      });

      const response = await page.goto(`${backend.url}/docs`);
      await page.getByRole('heading', { name: /Workflow Service API/ }).waitFor();
      const operation = page.locator('#operations-workflows-listWorkflows');
      await operation.locator('.opblock-summary').click();
      await operation.getByRole('button', { name: 'Try it out' }).click();
      await operation.getByRole('button', { name: 'Execute' }).click();
      // Sent without a token, from the page's own origin: the API's 401 comes back and is shown.
      await operation.locator('.live-responses-table .response-col_status', { hasText: '401' }).waitFor();

      expect(violations).toEqual([]);
      expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
