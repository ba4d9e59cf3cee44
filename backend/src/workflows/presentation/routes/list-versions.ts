import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requirePermission } from '../../../auth/index.js';
import { hooksOf, PATH_RESOURCE, REQUEST_INPUT } from '../../../shared/http/module.js';
import { DEFAULT_PAGE_SIZE, sendPage } from '../../../shared/http/paging.js';
import { makeListVersions } from '../../application/use-cases/list-versions.js';
import { workflowRoute } from '../context.js';
import { toVersionResponse } from '../http.js';
import { pageQuery, versionPage, workflowParams } from '../schemas.js';

const position = z.strictObject({ version: z.int32().min(1) });

export default workflowRoute((context) => {
  const listVersions = makeListVersions(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:read'), PATH_RESOURCE, REQUEST_INPUT];
  return {
    operationId: 'listWorkflowVersions',
    guards,
    errors: ['WORKFLOW_NOT_FOUND'],
    successHeaders: ['Link'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().get(
        '/workflows/:id/versions',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'listWorkflowVersions',
            summary: 'List a workflow’s versions',
            description: 'Every version of a live workflow, newest first, a page at a time; each carries the action that produced it, who and when. A deleted workflow’s versions answer 404 until it is restored. Needs org:workflows:read.',
            tags: ['workflows'],
            params: workflowParams,
            querystring: pageQuery,
            response: { 200: versionPage.describe('A page of versions') },
          },
        },
        async (request, reply) => {
          const { id } = request.params;
          const actor = actorOf(request);
          const scope = JSON.stringify([actor.accountId, 'workflow-versions', id]);
          const after = request.query.cursor === undefined ? undefined : context.cursors.decode(scope, request.query.cursor, position);
          const page = await listVersions({ actor, id, limit: request.query.limit ?? DEFAULT_PAGE_SIZE, before: after?.version });
          return sendPage(request, reply, page.versions.map(toVersionResponse), page.next === null ? null : context.cursors.encode(scope, { version: page.next }));
        },
      ),
  };
});
