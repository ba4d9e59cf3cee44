import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
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
  close(): Promise<void>;
}

/** The console on Vite's dev server, proxying to `backend`, and a headless Chromium to drive it. */
export async function startConsole(backend: BackendInfo): Promise<ConsoleHarness> {
  const port = await freePort();
  const vite: ViteDevServer = await createServer(
    mergeConfig(consoleViteConfig(backend.url), { configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port, strictPort: true } }),
  );
  await vite.listen();
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    return {
      url: `http://127.0.0.1:${port}/`,
      browser,
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

/** Opens the console with a token as a user would: from the dev token button, or pasted. */
export async function openWithToken(harness: ConsoleHarness, backend: BackendInfo, how: 'button' | 'paste' = 'button'): Promise<Page> {
  const page = await harness.browser.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(harness.url);
  const claims = aUser();
  if (how === 'button') {
    await page.getByLabel('Organization').fill(claims.org);
    await page.getByLabel('User', { exact: true }).fill(claims.user);
    await page.getByRole('button', { name: 'Get a dev token' }).click();
    await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#token')?.value ?? '') !== '');
  } else {
    await page.getByLabel('Bearer token').fill(await mintToken(backend, claims));
  }
  return page;
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
