import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requirePermission } from '../../../auth/index.js';
import { hooksOf, REQUEST_INPUT } from '../../../shared/http/module.js';
import { DEFAULT_PAGE_SIZE, instantPosition, sendPage } from '../../../shared/http/paging.js';
import type { AuditFilter, AuditRecord } from '../../application/audit-log-reader.js';
import { makeListAuditLogs } from '../../application/list-audit-logs.js';
import { auditRoute } from '../context.js';
import { auditPage, auditQuery, type AuditQueryParameters } from '../schemas.js';

const position = z.strictObject({ occurredAt: instantPosition(), id: z.uuid() });

function filterOf(query: AuditQueryParameters): AuditFilter {
  return {
    entityId: query.entity_id,
    actions: query.action,
    actorId: query.actor_id,
    occurredAfter: query.occurred_after,
    occurredBefore: query.occurred_before,
  };
}

/** A cursor belongs to one account's audit log under one set of filters. */
const cursorScope = (request: FastifyRequest, filter: AuditFilter) => JSON.stringify([actorOf(request).accountId, 'audit-logs', filter]);

function toResponse(record: AuditRecord) {
  return {
    id: record.id,
    action: record.action,
    entity_type: record.entityType,
    entity_id: record.entityId,
    actor_id: record.actorId,
    actor_ref: record.actorRef,
    request_id: record.requestId,
    ip: record.ip,
    user_agent: record.userAgent,
    changes: { before: null, after: null, ...record.changes },
    occurred_at: record.occurredAt.toISOString(),
  };
}

export default auditRoute((context) => {
  const listAuditLogs = makeListAuditLogs(context);
  const guards = [requirePermission(context.verifier, 'org:audit:read'), REQUEST_INPUT];
  return {
    operationId: 'listAuditLogs',
    guards,
    errors: [],
    successHeaders: ['Link'],
    register: (app) =>
      app.withTypeProvider<ZodTypeProvider>().get(
        '/audit-logs',
        {
          ...hooksOf(guards),
          schema: {
            operationId: 'listAuditLogs',
            summary: 'List audit log entries',
            description: 'The account’s audit log, newest first, a page at a time. Entries of deleted workflows stay; another account’s never appear. Needs org:audit:read.',
            tags: ['audit'],
            querystring: auditQuery,
            response: { 200: auditPage.describe('A page of audit entries') },
          },
        },
        async (request, reply) => {
          const filter = filterOf(request.query);
          const scope = cursorScope(request, filter);
          const after = request.query.cursor === undefined ? undefined : context.cursors.decode(scope, request.query.cursor, position);
          const page = await listAuditLogs({ actor: actorOf(request), filter, limit: request.query.limit ?? DEFAULT_PAGE_SIZE, after });
          return sendPage(request, reply, page.records.map(toResponse), page.next === null ? null : context.cursors.encode(scope, page.next));
        },
      ),
  };
});
