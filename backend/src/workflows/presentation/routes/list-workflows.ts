import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requirePermission } from '../../../auth/index.js';
import { hooksOf, REQUEST_INPUT } from '../../../shared/http/module.js';
import { DEFAULT_PAGE_SIZE, instantPosition, sendPage } from '../../../shared/http/paging.js';
import { BadRequestError } from '../../../shared/http/http-errors.js';
import type { ListPosition, WorkflowFilter, WorkflowSort } from '../../application/dtos.js';
import { workflowSearchKey } from '../../domain/value-objects.js';
import { makeListWorkflows } from '../../application/use-cases/list-workflows.js';
import { workflowRoute } from '../context.js';
import { workflowRepresentation } from '../http.js';
import { listQuery, workflowPage, type ListQuery } from '../schemas.js';

const snapshot = z
  .string()
  .max(7000)
  .regex(/^\d{1,19}:\d{1,19}:[\d,]*$/)
  .refine((text) => {
    const [xmin = '', xmax = ''] = text.split(':');
    return BigInt(xmin) <= BigInt(xmax);
  });
// A name position is the row's id alone (the key is read back), a time position its instant.
const position = z.strictObject({ key: z.union([instantPosition(), z.literal('')]), id: z.uuid(), snapshot, asOf: z.iso.datetime().min(20) });

interface ListRequest {
  readonly filter: WorkflowFilter;
  readonly sort: WorkflowSort;
}

function listRequest(query: ListQuery): ListRequest {
  const deleted = query.deleted === 'true';
  if (deleted && query.sort !== undefined) throw new BadRequestError('The trash is sorted by deletion time, most recent first; leave out sort with deleted=true.', 'sort');
  return {
    filter: { deleted, statuses: query.status?.toSorted(), triggerTypes: query.trigger_type?.toSorted(), q: query.q === undefined ? undefined : workflowSearchKey(query.q) },
    sort: query.sort ?? '-created_at',
  };
}

/** A cursor belongs to one account's list under one query: the same sort and filters. */
function cursorScope(request: FastifyRequest, list: ListRequest): string {
  return JSON.stringify([actorOf(request).accountId, 'workflows', list.sort, list.filter]);
}

export default workflowRoute((context) => {
  const listWorkflows = makeListWorkflows(context);
  const guards = [requirePermission(context.verifier, 'org:workflows:read'), REQUEST_INPUT];
  return {
    operationId: 'listWorkflows',
    guards,
    errors: [],
    successHeaders: ['Link'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().get(
        '/workflows',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'listWorkflows',
            summary: 'List workflows',
            description: 'The caller’s workflows (or, with deleted=true, its trash), a page at a time. Rows created or changed while you page are never seen twice, and none that matched throughout is skipped. Needs org:workflows:read.',
            tags: ['workflows'],
            querystring: listQuery,
            response: { 200: workflowPage.describe('A page of workflows') },
          },
        },
        async (request, reply) => {
          const list = listRequest(request.query);
          const scope = cursorScope(request, list);
          const after: ListPosition | undefined = request.query.cursor === undefined ? undefined : context.cursors.decode(scope, request.query.cursor, position);
          const page = await listWorkflows({ actor: actorOf(request), ...list, limit: request.query.limit ?? DEFAULT_PAGE_SIZE, after });
          return sendPage(request, reply, page.workflows.map(workflowRepresentation), page.next === null ? null : context.cursors.encode(scope, page.next));
        },
      ),
  };
});
