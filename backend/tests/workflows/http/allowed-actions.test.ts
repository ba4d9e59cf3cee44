import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken, aWorkflow, WORKFLOWS_URL, workflowUrl } from '../../support/app.js';
import { closeSharedDatabases } from '../../support/database.js';
import { act, aWorkflowIn, type Action, type Status } from '../../support/lifecycle.js';
import type { WorkflowBody } from '../../support/wire.js';

afterAll(closeSharedDatabases);

/** DESIGN §5.8: the actions each status allows, written out here rather than taken from the code. */
const ALLOWED: readonly [Status, readonly Action[]][] = [
  ['draft', ['activate', 'archive']],
  ['active', ['pause', 'archive']],
  ['paused', ['activate', 'archive']],
  ['archived', ['unarchive']],
];

describe('allowed_actions in the workflow representation', () => {
  it.each(ALLOWED)('lists, for a %s workflow, %j', async (status, allowed) => {
    const app = await aTestApp();
    const token = await aToken();

    const workflow = await aWorkflowIn(status, app, token);
    const shown = (await app.request({ method: 'GET', url: workflowUrl(workflow.id), token })).json<WorkflowBody>();

    expect(workflow.allowed_actions).toEqual(allowed);
    expect(shown.allowed_actions).toEqual(allowed);
  });

  it('leaves out activate while the workflow has no trigger', async () => {
    const app = await aTestApp();

    const workflow = await aWorkflow(app, await aToken(), { trigger_type: null, trigger_config: {} });

    expect(workflow.allowed_actions).toEqual(['archive']);
  });

  it('names exactly the actions that change the status (a repeat answers 200 and changes nothing)', async () => {
    const app = await aTestApp();
    const token = await aToken();

    for (const [status, allowed] of ALLOWED) {
      const changing = await Promise.all(
        (['activate', 'pause', 'archive', 'unarchive'] as const).map(async (action) => {
          const fresh = await aWorkflowIn(status, app, token);
          const response = await act(app, fresh.id, action, token);
          return response.statusCode === 200 && response.json<WorkflowBody>().version > fresh.version ? [action] : [];
        }),
      );
      expect(changing.flat(), status).toEqual(allowed);
    }
  });

  it('is empty for a workflow in the trash, and in every list item', async () => {
    const app = await aTestApp();
    const token = await aToken();
    const workflow = await aWorkflowIn('active', app, token);
    await app.request({ method: 'DELETE', url: workflowUrl(workflow.id), token });

    const trash = (await app.request({ method: 'GET', url: `${WORKFLOWS_URL}?deleted=true`, token })).json<{ data: WorkflowBody[] }>();
    const live = await aWorkflow(app, token);
    const list = (await app.request({ method: 'GET', url: WORKFLOWS_URL, token })).json<{ data: WorkflowBody[] }>();

    expect(trash.data.find((item) => item.id === workflow.id)?.allowed_actions).toEqual([]);
    expect(list.data.find((item) => item.id === live.id)?.allowed_actions).toEqual(['activate', 'archive']);
  });
});
