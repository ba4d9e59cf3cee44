import { workflowRoute } from '../context.js';
import { lifecycleRoute } from '../lifecycle-route.js';

export default workflowRoute((context) =>
  lifecycleRoute('unarchive', { operationId: 'unarchiveWorkflow', summary: 'Unarchive a workflow', description: 'An archived workflow becomes an editable draft again.' }, context),
);
