import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../../auth/index.js';
import { rateLimitGuard } from '../../../rate-limit/index.js';
import { hooksOf, PATH_RESOURCE } from '../../../shared/http/module.js';
import { makeDeleteWorkflow } from '../../application/use-cases/delete-workflow.js';
import { workflowRoute } from '../context.js';
import { callerOf, conditionOf, IF_MATCH_OPTIONAL } from '../http.js';
import { ifMatchHeaders, workflowParams } from '../schemas.js';

export default workflowRoute((context) => {
  const deleteWorkflow = makeDeleteWorkflow(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:delete'), ...rateLimitGuard(context.writeRateLimiter), PATH_RESOURCE, IF_MATCH_OPTIONAL];
  return {
    operationId: 'deleteWorkflow',
    guards,
    errors: ['WORKFLOW_NOT_FOUND', 'VERSION_MISMATCH'],
    emptyResponses: { 204: 'Deleted: the workflow is in the trash and its name is free again' },
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().delete(
        '/workflows/:id',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'deleteWorkflow',
            summary: 'Delete a workflow',
            description: 'Moves the workflow to the trash (restorable for WORKFLOW_RESTORE_WINDOW_DAYS); its name is free again at once. If-Match is checked when sent. Needs org:workflows:delete.',
            tags: ['workflows'],
            params: workflowParams,
            headers: ifMatchHeaders,
          },
        },
        async (request, reply) => {
          await deleteWorkflow({ ...callerOf(request), id: request.params.id, condition: conditionOf(request) });
          return reply.status(204).send();
        },
      ),
  };
});
