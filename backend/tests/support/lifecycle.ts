import type { LightMyRequestResponse } from 'fastify';
import { aWorkflow, workflowUrl, type TestApp } from './app.js';
import type { WorkflowBody } from './wire.js';

export type Status = 'draft' | 'active' | 'paused' | 'archived';
export type Action = 'activate' | 'pause' | 'archive' | 'unarchive';

/** The actions that take a new draft to each status. */
export const ROUTE_TO: Readonly<Record<Status, readonly Action[]>> = { draft: [], active: ['activate'], paused: ['activate', 'pause'], archived: ['archive'] };

/** A lifecycle action over HTTP, as the caller with `token` sends it. */
export const act = (app: TestApp, id: string, action: Action, token: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  app.request({ method: 'POST', url: `${workflowUrl(id)}/${action}`, token, headers });

/** A new workflow taken to `status` by the actions that lead there, as the last of them answered. */
export async function aWorkflowIn(status: Status, app: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<WorkflowBody> {
  let workflow = await aWorkflow(app, token, overrides);
  for (const action of ROUTE_TO[status]) {
    const response = await act(app, workflow.id, action, token);
    if (response.statusCode !== 200) throw new Error(`${action} answered ${String(response.statusCode)}: ${response.body}`);
    workflow = response.json<WorkflowBody>();
  }
  return workflow;
}
