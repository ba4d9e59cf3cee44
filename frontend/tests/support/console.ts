import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createServer, mergeConfig, type ViteDevServer } from 'vite';
import { consoleViteConfig } from '../../console-server.js';
import { freePort, type BackendInfo } from './backend.js';
import { aUser, mintToken } from './tokens.js';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browser downloads cannot run here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run: always in CI (which installs Chromium, so a missing one fails
 * there), elsewhere only when Chromium is installed.
 */
export const browserAvailable = process.env.CI === 'true' || existsSync(CHROMIUM);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ConsoleHarness {
  readonly url: string;
  readonly browser: Browser;
  /**
   * A page in a context of its own (no shared storage; axe-core opens its report page in that
   * context). Close its context, not only the page, when done.
   */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's headless Chromium, as the browser tests drive it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

async function pageInOwnContext(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** The console on Vite's dev server, proxying to `backend` (which may not be up yet), and a headless Chromium to drive it. */
export async function startConsole(backend: Pick<BackendInfo, 'url'>, { quiet = false }: { readonly quiet?: boolean } = {}): Promise<ConsoleHarness> {
  const port = await freePort();
  const vite: ViteDevServer = await createServer(
    mergeConfig(consoleViteConfig(backend.url), { configFile: false, logLevel: quiet ? 'silent' : 'warn', server: { host: '127.0.0.1', port, strictPort: true } }),
  );
  await vite.listen();
  try {
    const browser = await launchChromium();
    return {
      url: `http://127.0.0.1:${port}/`,
      browser,
      newPage: () => pageInOwnContext(browser),
      close: async () => {
        await browser.close();
        await vite.close();
      },
    };
  } catch (error) {
    await vite.close();
    throw new Error(`could not launch ${CHROMIUM} (install it with apt-get install chromium, or set CHROMIUM_PATH)`, { cause: error });
  }
}

/** How a test opens the console: with a dev token from the console's button, a pasted one, or none. */
export type Opening = 'button' | 'paste' | 'no token';

async function getToken(page: Page, backend: Pick<BackendInfo, 'url'>, how: Opening): Promise<void> {
  const claims = aUser();
  if (how === 'button') {
    await page.getByLabel('Organization').fill(claims.org);
    await page.getByLabel('User', { exact: true }).fill(claims.user);
    await page.getByRole('button', { name: 'Get a dev token' }).click();
    await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#token')?.value ?? '') !== '');
  } else if (how === 'paste') {
    await page.getByLabel('Bearer token').fill(await mintToken(backend, claims));
  }
}

export interface ConsoleSuite {
  /** The page of the running test. */
  readonly page: Page;
  readonly harness: ConsoleHarness;
  /** A fresh page on the console, watched for uncaught errors from before its first load, as a new user. */
  open(how?: Opening): Promise<Page>;
}

/**
 * The console for one describe block: Vite and Chromium started before its tests and stopped
 * after them; each test's page closed after it, and the test failed if that page threw.
 */
export function consoleSuite(backend: Pick<BackendInfo, 'url'>, options: { readonly quiet?: boolean } = {}): ConsoleSuite {
  let harness: ConsoleHarness | undefined;
  let page: Page | undefined;
  let errors: string[] = [];
  beforeAll(async () => {
    harness = await startConsole(backend, options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    // The whole context, awaited: a close left running could still be pending when the browser stops.
    await page?.context().close();
    page = undefined;
    expect(errors).toEqual([]);
  });
  const running = () => {
    if (harness === undefined) throw new Error('the console is not started');
    return harness;
  };
  return {
    get page() {
      if (page === undefined) throw new Error('no page is open');
      return page;
    },
    get harness() {
      return running();
    },
    async open(how: Opening = 'button') {
      page = await running().newPage();
      page.setDefaultTimeout(20_000);
      errors = pageErrorsOf(page);
      await page.goto(running().url);
      await getToken(page, backend, how);
      return page;
    },
  };
}

/**
 * The server message shown for the field with this label, found the way assistive technology
 * finds it (the control's aria-describedby), after checking it sits below the control.
 */
export async function inlineErrorOf(page: Page, label: string): Promise<string> {
  const control = page.getByLabel(label, { exact: true });
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const errorId = (await control.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-error'));
  if (errorId === undefined) throw new Error(`${label} is invalid but describes no error`);
  const message = page.locator(`[id="${errorId}"]`);
  const [controlBox, messageBox] = await Promise.all([control.boundingBox(), message.boundingBox()]);
  if (controlBox === null || messageBox === null || messageBox.y < controlBox.y + controlBox.height) {
    throw new Error(`the error of ${label} is not shown under it`);
  }
  return message.innerText();
}

/**
 * What axe-core (injected from npm) finds wrong on the page as it is now: one line per rule and
 * element, so a failure says what to fix. WCAG 2.2 A and AA rules and axe's best practices.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} at ${node.target.join(' ')}: ${node.failureSummary ?? violation.help}`),
  );
}

/** How many CSS pixels the page is wider than the window (0: no horizontal scroll). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Collects the page's uncaught errors, which every browser test expects to be none. */
export function pageErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
