import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requirePermission } from '../../../auth/index.js';
import { hooksOf, PATH_RESOURCE, REQUEST_INPUT } from '../../../shared/http/module.js';
import { conditionMatches, etagOf, parseCondition } from '../../../shared/http/preconditions.js';
import { makeGetWorkflow } from '../../application/use-cases/get-workflow.js';
import { workflowRoute } from '../context.js';
import { sendWorkflow } from '../http.js';
import { ifNoneMatchHeaders, workflowParams, workflowResponse } from '../schemas.js';

export default workflowRoute((context) => {
  const getWorkflow = makeGetWorkflow(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:read'), PATH_RESOURCE, REQUEST_INPUT];
  return {
    operationId: 'getWorkflow',
    guards,
    errors: ['WORKFLOW_NOT_FOUND'],
    successHeaders: ['ETag'],
    emptyResponses: { 304: 'Not modified: the version named by If-None-Match is still current' },
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().get(
        '/workflows/:id',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'getWorkflow',
            summary: 'Get a workflow',
            description: 'Returns one workflow of the caller’s account, with its ETag; another account’s workflow answers 404. Needs org:workflows:read.',
            tags: ['workflows'],
            params: workflowParams,
            headers: ifNoneMatchHeaders,
            response: { 200: workflowResponse.describe('The workflow') },
          },
        },
        async (request, reply) => {
          const workflow = await getWorkflow({ actor: actorOf(request), id: request.params.id });
          const held = parseCondition(request.headers['if-none-match'], 'weak');
          // 304 has no body, so it has no response schema to type the reply by.
          if (held !== undefined && conditionMatches(held, workflow.version)) return (reply as unknown as FastifyReply).status(304).header('etag', etagOf(workflow.version)).send();
          return sendWorkflow(reply, workflow);
        },
      ),
  };
});
