import { workflowRoute } from '../context.js';
import { lifecycleRoute } from '../lifecycle-route.js';

export default workflowRoute((context) =>
  lifecycleRoute('pause', { operationId: 'pauseWorkflow', summary: 'Pause a workflow', description: 'An active workflow stops running until it is activated again.' }, context),
);
