import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../../auth/index.js';
import { rateLimitGuard } from '../../../rate-limit/index.js';
import { hooksOf, REQUEST_INPUT, type RouteDefinition } from '../../../shared/http/module.js';
import { jsonBody } from '../../../shared/http/request-body.js';
import type { WorkflowsModuleDependencies } from '../dependencies.js';
import { callerOf, requestFingerprint, sendWorkflow, workflowLocation } from '../http.js';
import { createWorkflowBody, idempotencyHeaders, workflowResponse } from '../schemas.js';

const CREATE_BODY_LIMIT = 64 * 1024;

export function createWorkflowRoute(deps: WorkflowsModuleDependencies): RouteDefinition {
  const guards = [requirePermission(deps.verifier, 'org:workflows:create'), ...rateLimitGuard(deps.writeRateLimiter), REQUEST_INPUT, jsonBody()];
  return {
    operationId: 'createWorkflow',
    guards,
    errors: ['WORKFLOW_INVALID', 'WORKFLOW_NAME_TAKEN', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_REUSED'],
    successHeaders: ['Location', 'ETag', 'Idempotent-Replayed'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().post(
        '/workflows',
        {
          bodyLimit: CREATE_BODY_LIMIT,
          ...hooksOf(guards),
          schema: {
            operationId: 'createWorkflow',
            summary: 'Create a workflow',
            description: 'Creates a draft workflow in the caller’s account (the token’s active organization). Needs org:workflows:create. With Idempotency-Key, a retry replays the first answer.',
            tags: ['workflows'],
            headers: idempotencyHeaders,
            body: createWorkflowBody,
            response: { 201: workflowResponse.describe('The created workflow') },
          },
        },
        async (request, reply) => {
          const { name, description, trigger_type, trigger_config } = request.body;
          const key = request.headers['idempotency-key'];
          const { workflow, replayed } = await deps.createWorkflow({
            ...callerOf(request),
            name,
            description,
            triggerType: trigger_type,
            triggerConfig: trigger_config,
            idempotency: key === undefined ? undefined : { key, fingerprint: requestFingerprint(request.body) },
          });
          if (replayed) reply.header('idempotent-replayed', 'true');
          return reply.status(201).header('location', workflowLocation(workflow.id)).send(sendWorkflow(reply, workflow));
        },
      ),
  };
}
