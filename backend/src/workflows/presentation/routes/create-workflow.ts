import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../../auth/index.js';
import { rateLimitGuard } from '../../../rate-limit/index.js';
import { hooksOf, REQUEST_INPUT } from '../../../shared/http/module.js';
import { jsonBody } from '../../../shared/http/request-body.js';
import { makeCreateWorkflow } from '../../application/use-cases/create-workflow.js';
import { workflowRoute } from '../context.js';
import { callerOf, requestFingerprint, sendWorkflow, workflowLocation } from '../http.js';
import { createWorkflowBody, idempotencyHeaders, workflowResponse } from '../schemas.js';

const CREATE_BODY_LIMIT = 64 * 1024;

/** A create with Idempotency-Key is the same request again when its body is the same JSON. */
const idempotencyOf = (key: string | undefined, body: unknown) => (key === undefined ? undefined : { key, fingerprint: requestFingerprint(body) });

export default workflowRoute((context) => {
  const createWorkflow = makeCreateWorkflow(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:create'), ...rateLimitGuard(context.writeRateLimiter), REQUEST_INPUT, jsonBody()];
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
          const { workflow, replayed } = await createWorkflow({
            ...callerOf(request),
            name,
            description,
            triggerType: trigger_type,
            triggerConfig: trigger_config,
            idempotency: idempotencyOf(request.headers['idempotency-key'], request.body),
          });
          if (replayed) reply.header('idempotent-replayed', 'true');
          return reply.status(201).header('location', workflowLocation(workflow.id)).send(sendWorkflow(reply, workflow));
        },
      ),
  };
});
