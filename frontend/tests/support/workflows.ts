import type { Page } from 'playwright-core';
import type { CreateWorkflowBody, Workflow, WorkflowPatch } from '../../src/api/index.js';
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

async function send(backend: BackendInfo, token: string, method: string, path: string, headers: Readonly<Record<string, string>>, body?: unknown): Promise<Response> {
  return fetch(`${backend.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

/** Changes a workflow straight through the API, read at `version` (sent as If-Match), as the user of `token`. */
export async function patchOverHttp(backend: BackendInfo, token: string, id: string, version: number, patch: WorkflowPatch): Promise<Workflow> {
  const response = await send(backend, token, 'PATCH', `/api/v1/workflows/${id}`, { 'if-match': `"${version}"` }, patch);
  if (response.status !== 200) throw new Error(`PATCH /api/v1/workflows/${id} answered ${String(response.status)}: ${await response.text()}`);
  return (await response.json()) as Workflow;
}

/** Moves a workflow to the trash straight through the API. */
export async function deleteOverHttp(backend: BackendInfo, token: string, id: string): Promise<void> {
  const response = await send(backend, token, 'DELETE', `/api/v1/workflows/${id}`, {});
  if (response.status !== 204) throw new Error(`DELETE /api/v1/workflows/${id} answered ${String(response.status)}: ${await response.text()}`);
}
