import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RequestOrigin } from '../../audit/index.js';
import type { FastifyRequest } from 'fastify';
import type { WorkflowsModuleDependencies } from './dependencies.js';
import { actorOf, rateLimited, requireJsonBody, requirePermission } from './middleware.js';
import { createWorkflowBody, workflowParams, workflowResponse } from './schemas.js';
import { toWorkflowResponse } from './serializers.js';

const CREATE_BODY_LIMIT = 64 * 1024;

function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

export function workflowsRoutes(deps: WorkflowsModuleDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/workflows',
      {
        bodyLimit: CREATE_BODY_LIMIT,
        onRequest: [requirePermission(deps.verifier, 'org:workflows:create'), ...(deps.createRateLimiter === undefined ? [] : [rateLimited(deps.createRateLimiter)])],
        preValidation: requireJsonBody,
        schema: {
          operationId: 'createWorkflow',
          summary: 'Create a workflow',
          description: 'Creates a draft workflow in the caller’s account (the token’s active organization). Needs org:workflows:create.',
          tags: ['workflows'],
          body: createWorkflowBody,
          response: { 201: workflowResponse.describe('The created workflow') },
        },
      },
      async (request, reply) => {
        const { name, description, trigger_type, trigger_config } = request.body;
        const workflow = await deps.createWorkflow({
          actor: actorOf(request),
          origin: originOf(request),
          name,
          description,
          triggerType: trigger_type,
          triggerConfig: trigger_config,
        });
        return reply.status(201).header('location', `/api/v1/workflows/${workflow.id}`).send(toWorkflowResponse(workflow));
      },
    );

    app.get(
      '/workflows/:id',
      {
        onRequest: requirePermission(deps.verifier, 'org:workflows:read'),
        schema: {
          operationId: 'getWorkflow',
          summary: 'Get a workflow',
          description: 'Returns one workflow of the caller’s account; another account’s workflow answers 404. Needs org:workflows:read.',
          tags: ['workflows'],
          params: workflowParams,
          response: { 200: workflowResponse.describe('The workflow') },
        },
      },
      async (request) => toWorkflowResponse(await deps.getWorkflow({ actor: actorOf(request), id: request.params.id })),
    );
    return Promise.resolve();
  };
}
