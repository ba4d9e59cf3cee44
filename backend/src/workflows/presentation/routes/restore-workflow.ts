import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../../auth/index.js';
import { rateLimitGuard } from '../../../rate-limit/index.js';
import { hooksOf, PATH_RESOURCE } from '../../../shared/http/module.js';
import { makeRestoreWorkflow } from '../../application/use-cases/restore-workflow.js';
import { workflowRoute } from '../context.js';
import { callerOf, conditionOf, IF_MATCH_OPTIONAL, sendWorkflow } from '../http.js';
import { ifMatchHeaders, workflowParams, workflowResponse } from '../schemas.js';

export default workflowRoute((context) => {
  const restoreWorkflow = makeRestoreWorkflow(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:delete'), ...rateLimitGuard(context.writeRateLimiter), PATH_RESOURCE, IF_MATCH_OPTIONAL];
  return {
    operationId: 'restoreWorkflow',
    guards,
    errors: ['WORKFLOW_NOT_FOUND', 'WORKFLOW_NAME_TAKEN', 'VERSION_MISMATCH'],
    successHeaders: ['ETag'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().post(
        '/workflows/:id/restore',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'restoreWorkflow',
            summary: 'Restore a deleted workflow',
            description:
              'Brings a workflow back from the trash within WORKFLOW_RESTORE_WINDOW_DAYS, in the status it had (an active one comes back paused). 409 CONFLICT names the live workflow that took its name meanwhile. Needs org:workflows:delete.',
            tags: ['workflows'],
            params: workflowParams,
            headers: ifMatchHeaders,
            response: { 200: workflowResponse.describe('The restored workflow') },
          },
        },
        async (request, reply) => sendWorkflow(reply, await restoreWorkflow({ ...callerOf(request), id: request.params.id, condition: conditionOf(request) })),
      ),
  };
});
