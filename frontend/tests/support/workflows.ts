import type { Page } from 'playwright-core';
import type { CreateWorkflowBody, Workflow } from '../../src/api/index.js';
import type { BackendInfo } from './backend.js';

/** The token the console holds (pasted or minted), to arrange data over HTTP as that same user. */
export async function tokenOf(page: Page): Promise<string> {
  await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#token')?.value ?? '') !== '');
  return page.inputValue('#token');
}

/** Creates a workflow straight through the API, as the user of `token`. */
export async function createOverHttp(backend: BackendInfo, token: string, body: CreateWorkflowBody): Promise<Workflow> {
  const response = await fetch(`${backend.url}/api/v1/workflows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST /api/v1/workflows answered ${String(response.status)}: ${await response.text()}`);
  return (await response.json()) as Workflow;
}
