import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../../auth/index.js';
import { rateLimitGuard } from '../../../rate-limit/index.js';
import { hooksOf, PATH_RESOURCE } from '../../../shared/http/module.js';
import { jsonBody } from '../../../shared/http/request-body.js';
import { makeEditWorkflow } from '../../application/use-cases/edit-workflow.js';
import { workflowRoute } from '../context.js';
import { callerOf, conditionOf, EDIT_BODY_LIMIT, EDIT_ERRORS, IF_MATCH_REQUIRED, sendWorkflow } from '../http.js';
import { ifMatchRequiredHeaders, patchWorkflowBody, workflowParams, workflowResponse } from '../schemas.js';


export default workflowRoute((context) => {
  const editWorkflow = makeEditWorkflow(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:update'), ...rateLimitGuard(context.writeRateLimiter), PATH_RESOURCE, IF_MATCH_REQUIRED, jsonBody(['application/merge-patch+json', 'application/json'])];
  return {
    operationId: 'patchWorkflow',
    guards,
    errors: EDIT_ERRORS,
    successHeaders: ['ETag'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().patch(
        '/workflows/:id',
        {
          bodyLimit: EDIT_BODY_LIMIT,
          ...hooksOf(guards),
          schema: {
            operationId: 'patchWorkflow',
            summary: 'Edit a workflow',
            description:
              'JSON Merge Patch (RFC 7396) of name, description, trigger_type and trigger_config, as application/merge-patch+json or application/json. If-Match is required. A patch that changes nothing writes nothing. Needs org:workflows:update.',
            tags: ['workflows'],
            params: workflowParams,
            headers: ifMatchRequiredHeaders,
            body: patchWorkflowBody,
            response: { 200: workflowResponse.describe('The workflow after the patch') },
          },
        },
        async (request, reply) => {
          const { name, description, trigger_type, trigger_config } = request.body;
          const workflow = await editWorkflow({
            ...callerOf(request),
            id: request.params.id,
            condition: conditionOf(request),
            kind: 'patch',
            patch: { name, description, triggerType: trigger_type, triggerConfig: trigger_config },
          });
          return sendWorkflow(reply, workflow);
        },
      ),
  };
});
