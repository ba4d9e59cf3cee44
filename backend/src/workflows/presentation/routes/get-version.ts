import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requirePermission } from '../../../auth/index.js';
import { hooksOf, PATH_RESOURCE } from '../../../shared/http/module.js';
import { makeGetVersion } from '../../application/use-cases/get-version.js';
import { workflowRoute } from '../context.js';
import { toVersionResponse } from '../http.js';
import { versionParams, versionResponse } from '../schemas.js';

export default workflowRoute((context) => {
  const getVersion = makeGetVersion(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:read'), PATH_RESOURCE];
  return {
    operationId: 'getWorkflowVersion',
    guards,
    errors: ['WORKFLOW_VERSION_NOT_FOUND'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().get(
        '/workflows/:id/versions/:version',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'getWorkflowVersion',
            summary: 'Get one version of a workflow',
            description: 'The workflow as it was at that version. Needs org:workflows:read.',
            tags: ['workflows'],
            params: versionParams,
            response: { 200: versionResponse.describe('The version') },
          },
        },
        async (request) => toVersionResponse(await getVersion({ actor: actorOf(request), id: request.params.id, version: request.params.version })),
      ),
  };
});
