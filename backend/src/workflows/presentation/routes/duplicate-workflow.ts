import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission } from '../../../auth/index.js';
import { rateLimitGuard } from '../../../rate-limit/index.js';
import { hooksOf, PATH_RESOURCE, REQUEST_INPUT } from '../../../shared/http/module.js';
import { jsonBody } from '../../../shared/http/request-body.js';
import { makeDuplicateWorkflow } from '../../application/use-cases/duplicate-workflow.js';
import { workflowRoute } from '../context.js';
import { callerOf, requestFingerprint, sendWorkflow, workflowLocation } from '../http.js';
import { duplicateWorkflowBody, idempotencyHeaders, workflowParams, workflowResponse } from '../schemas.js';

export default workflowRoute((context) => {
  const duplicateWorkflow = makeDuplicateWorkflow(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:create'), ...rateLimitGuard(context.writeRateLimiter), PATH_RESOURCE, REQUEST_INPUT, jsonBody(['application/json'], { optional: true })];
  return {
    operationId: 'duplicateWorkflow',
    guards,
    errors: ['WORKFLOW_NOT_FOUND', 'WORKFLOW_INVALID', 'WORKFLOW_NAME_TAKEN', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_REUSED'],
    successHeaders: ['Location', 'ETag', 'Idempotent-Replayed'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().post(
        '/workflows/:id/duplicate',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'duplicateWorkflow',
            summary: 'Duplicate a workflow',
            description:
              'Creates a new draft with the same description and trigger. Without a name, the copy is named "<name> (copy)", then "(copy 2)", … whichever is free (cut to fit 100 characters). The body is optional: none (or an empty one), null and {} all mean "no options". Honours Idempotency-Key. Needs org:workflows:create.',
            tags: ['workflows'],
            params: workflowParams,
            headers: idempotencyHeaders,
            body: duplicateWorkflowBody,
            response: { 201: workflowResponse.describe('The copy') },
          },
        },
        async (request, reply) => {
          const key = request.headers['idempotency-key'];
          const { workflow, replayed } = await duplicateWorkflow({
            ...callerOf(request),
            id: request.params.id,
            name: request.body?.name,
            idempotency: key === undefined ? undefined : { key, fingerprint: requestFingerprint({ duplicate: request.params.id, body: request.body ?? {} }) },
          });
          if (replayed) reply.header('idempotent-replayed', 'true');
          return reply.status(201).header('location', workflowLocation(workflow.id)).send(sendWorkflow(reply, workflow));
        },
      ),
  };
});
