import { z } from 'zod';
import { wireType } from '../../shared/http/openapi-schemas.js';
import { cursorParameter, limitParameter, pageSchema } from '../../shared/http/paging.js';

const uuid = () => z.uuid().max(36);
const ACTION = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;
// The database keeps microseconds: a finer instant would be rounded, and a bound could move past an entry.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 0, 1);
const rfc3339 = (description: string) =>
  z.iso
    .datetime({ offset: true })
    .max(40)
    .refine((instant) => !/\.\d{7}/.test(instant), 'at most six fractional digits (microseconds)')
    .refine((instant) => Date.parse(instant) >= EARLIEST && Date.parse(instant) < LATEST, 'an instant between 1970 and 9999')
    .meta({ description });

export const auditQuery = z.strictObject({
  limit: limitParameter().optional(),
  cursor: cursorParameter().optional(),
  entity_id: uuid().optional().meta({ description: 'Only entries about this entity (a workflow id)' }),
  action: z
    .string()
    .max(500)
    .regex(new RegExp(`^${ACTION.source.slice(1, -1)}(,${ACTION.source.slice(1, -1)})*$`), 'action: a comma list of actions such as workflow.created')
    .transform((text) => [...new Set(text.split(','))].sort())
    .optional()
    .meta({ description: 'Comma list of actions, e.g. workflow.updated,workflow.deleted; at most 500 characters in all', ...wireType.commaList({ type: 'string', maxLength: 100, pattern: ACTION.source }, 125) }),
  actor_id: uuid().optional().meta({ description: 'Only entries by this user (the service’s user id, as in actor_id)' }),
  occurred_after: rfc3339('Only entries after this moment (RFC 3339)').optional(),
  occurred_before: rfc3339('Only entries before this moment (RFC 3339)').optional(),
});

export type AuditQueryParameters = z.infer<typeof auditQuery>;

const snapshot = (description: string) => z.record(z.string().max(64), z.unknown()).nullable().meta({ description });

export const auditEntryResponse = z
  .strictObject({
    id: uuid(),
    action: z.string().max(100).regex(ACTION).meta({ examples: ['workflow.updated'] }),
    entity_type: z.string().max(50).meta({ examples: ['workflow'] }),
    entity_id: uuid(),
    actor_id: uuid(),
    actor_ref: z.string().max(255).meta({ description: 'The identity provider’s user id' }),
    request_id: z.string().max(64).nullable(),
    ip: z.string().max(64).nullable(),
    user_agent: z.string().max(512).nullable(),
    changes: z
      .looseObject({
        before: snapshot('The entity before the change, exactly as the API returns it; null for a creation'),
        after: snapshot('The entity after the change, exactly as the API returns it'),
      })
      .meta({ description: 'before and after, plus details of some actions (restored_version, duplicated_from)' }),
    occurred_at: z.iso.datetime().max(40),
  })
  .meta({ id: 'AuditEntry' });

export const auditPage = pageSchema(auditEntryResponse, 'AuditEntryPage');
