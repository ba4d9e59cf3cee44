import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../../auth/index.js';
import { rateLimitGuard } from '../../../rate-limit/index.js';
import { hooksOf, PATH_RESOURCE } from '../../../shared/http/module.js';
import { makeRestoreVersion } from '../../application/use-cases/restore-version.js';
import { workflowRoute } from '../context.js';
import { callerOf, conditionOf, IF_MATCH_REQUIRED, sendWorkflow } from '../http.js';
import { ifMatchRequiredHeaders, versionParams, workflowResponse } from '../schemas.js';

export default workflowRoute((context) => {
  const restoreVersion = makeRestoreVersion(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:update'), ...rateLimitGuard(context.writeRateLimiter), PATH_RESOURCE, IF_MATCH_REQUIRED];
  return {
    operationId: 'restoreWorkflowVersion',
    guards,
    errors: ['WORKFLOW_NOT_FOUND', 'WORKFLOW_VERSION_NOT_FOUND', 'WORKFLOW_INVALID', 'WORKFLOW_NAME_TAKEN', 'WORKFLOW_ARCHIVED', 'VERSION_MISMATCH'],
    successHeaders: ['ETag'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().post(
        '/workflows/:id/versions/:version/restore',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'restoreWorkflowVersion',
            summary: 'Restore a version',
            description:
              'Makes that version’s name, description and trigger current again, as a new version; the status stays. If-Match is required. 409 CONFLICT names the live workflow that took the name meanwhile; an archived workflow answers 409 WORKFLOW_ARCHIVED. Needs org:workflows:update.',
            tags: ['workflows'],
            params: versionParams,
            headers: ifMatchRequiredHeaders,
            response: { 200: workflowResponse.describe('The workflow with the restored definition') },
          },
        },
        async (request, reply) =>
          sendWorkflow(reply, await restoreVersion({ ...callerOf(request), id: request.params.id, version: request.params.version, condition: conditionOf(request) })),
      ),
  };
});
