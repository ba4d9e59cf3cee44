import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../auth/index.js';
import { rateLimitGuard } from '../../rate-limit/index.js';
import { hooksOf, PATH_RESOURCE, type RouteDefinition } from '../../shared/http/module.js';
import type { LifecycleAction } from '../domain/lifecycle.js';
import { makeChangeWorkflowStatus } from '../application/use-cases/change-status.js';
import type { WorkflowsContext } from './context.js';
import type { WorkflowErrorCode } from './problems.js';
import { callerOf, conditionOf, IF_MATCH_OPTIONAL, sendWorkflow } from './http.js';
import { ifMatchHeaders, workflowParams, workflowResponse } from './schemas.js';

export interface LifecycleRouteText {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
}

/** `POST /workflows/:id/<action>`: the four lifecycle routes differ only in their action and text. */
export function lifecycleRoute(action: LifecycleAction, text: LifecycleRouteText, context: WorkflowsContext): RouteDefinition<WorkflowErrorCode> {
  const changeWorkflowStatus = makeChangeWorkflowStatus(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:update'), ...rateLimitGuard(context.writeRateLimiter), PATH_RESOURCE, IF_MATCH_OPTIONAL];
  return {
    operationId: text.operationId,
    guards,
    errors: ['WORKFLOW_NOT_FOUND', 'INVALID_STATUS_TRANSITION', 'VERSION_MISMATCH'],
    successHeaders: ['ETag'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().post(
        `/workflows/:id/${action}`,
        {
          ...hooksOf(guards),
          schema: {
            operationId: text.operationId,
            summary: text.summary,
            description: `${text.description} Repeating it changes nothing. Another status answers 409 INVALID_STATUS_TRANSITION with allowed_actions. Needs org:workflows:update.`,
            tags: ['workflows'],
            params: workflowParams,
            headers: ifMatchHeaders,
            response: { 200: workflowResponse.describe('The workflow in its new status') },
          },
        },
        async (request, reply) => sendWorkflow(reply, await changeWorkflowStatus({ ...callerOf(request), id: request.params.id, condition: conditionOf(request), action })),
      ),
  };
}
