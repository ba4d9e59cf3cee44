import { workflowRoute } from '../context.js';
import { lifecycleRoute } from '../lifecycle-route.js';

export default workflowRoute((context) =>
  lifecycleRoute('archive', { operationId: 'archiveWorkflow', summary: 'Archive a workflow', description: 'A draft, active or paused workflow is retired: read-only until it is unarchived.' }, context),
);
