import { workflowRoute } from '../context.js';
import { lifecycleRoute } from '../lifecycle-route.js';

export default workflowRoute((context) =>
  lifecycleRoute('activate', { operationId: 'activateWorkflow', summary: 'Activate a workflow', description: 'A draft or paused workflow with a trigger starts running.' }, context),
);
