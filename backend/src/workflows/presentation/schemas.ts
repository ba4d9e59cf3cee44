import { z } from 'zod';
import { documentedAs, wireType } from '../../shared/http/openapi-schemas.js';
import { cursorParameter, limitParameter, pageSchema } from '../../shared/http/paging.js';
import { WORKFLOW_SORTS } from '../application/dtos.js';
import { LIFECYCLE_ACTIONS } from '../domain/lifecycle.js';
import { TRIGGER_TYPES, WEBHOOK_METHODS, WORKFLOW_STATUSES } from '../domain/value-objects.js';
import { TRIGGER_CONFIG_SHAPES } from './trigger-configs.js';

// Bounds below are documented for clients; the domain enforces the exact rules (code points,
// normalisation, character classes), so the edge checks shape and type only.
const name = () => z.string().meta({ description: 'Display name, unique per account (case-insensitive). 1–100 characters after normalisation.', minLength: 1, maxLength: 100, examples: ['Invoice paid → Slack'] });
const description = () => z.string().meta({ description: 'Free text; newlines and tabs allowed.', maxLength: 2000 });
const triggerType = () => z.enum(TRIGGER_TYPES).nullable().meta({ description: 'What starts the workflow; null for none yet.', examples: ['schedule'] });
const configRecord = () => z.record(z.string().max(64), z.unknown());
const TRIGGER_CONFIG_RULE = `Checked against trigger_type: none/manual → {}; webhook → { method: ${WEBHOOK_METHODS.join('|')} } (default POST); schedule → { cron, timezone } (timezone default UTC); event → { event }.`;
const triggerConfig = () =>
  configRecord().meta({
    description: TRIGGER_CONFIG_RULE,
    examples: [{ cron: '*/15 9-17 * * MON-FRI', timezone: 'Europe/Paris' }],
    ...documentedAs(TRIGGER_CONFIG_SHAPES),
  });

export const createWorkflowBody = z
  .strictObject({
    name: name(),
    description: description().optional(),
    trigger_type: triggerType().optional(),
    trigger_config: triggerConfig().optional(),
  })
  .meta({
    id: 'CreateWorkflowRequest',
    examples: [{ name: 'Weekday digest', description: 'Posts the open invoices to Slack', trigger_type: 'schedule', trigger_config: { cron: '0 9 * * MON-FRI', timezone: 'Europe/Paris' } }],
  });

export const patchWorkflowBody = z
  .strictObject({
    name: name().optional(),
    description: description().nullable().optional().meta({ description: 'null resets it to ""' }),
    trigger_type: triggerType().optional(),
    trigger_config: configRecord().meta({ description: `Part of a configuration. ${TRIGGER_CONFIG_RULE}`, examples: [{ cron: '0 8 * * MON-FRI' }] }).nullable().optional().meta({ description: 'Merged into the current configuration when trigger_type stays; taken alone when it changes. null members remove keys.' }),
  })
  .meta({ id: 'WorkflowPatch', description: 'JSON Merge Patch (RFC 7396) of the definition: absent members stay, null resets a member.', examples: [{ name: 'Renamed digest', trigger_config: { cron: '0 8 * * MON-FRI' } }] });

const uuid = () => z.uuid().max(36);
const timestamp = () => z.iso.datetime().max(40);
const readOnly = <T extends z.ZodType>(schema: T) => schema.meta({ readOnly: true });

export const workflowParams = z.strictObject({ id: uuid() });

export const workflowResponse = z
  .strictObject({
    id: readOnly(uuid()),
    account_id: readOnly(uuid()),
    // Lengths count characters (code points), as JSON Schema does; zod would count UTF-16 units.
    name: z.string().meta({ minLength: 1, maxLength: 100 }),
    description: z.string().meta({ maxLength: 2000 }),
    status: readOnly(z.enum(WORKFLOW_STATUSES)),
    trigger_type: z.enum(TRIGGER_TYPES).nullable(),
    trigger_config: configRecord().meta(documentedAs(TRIGGER_CONFIG_SHAPES)),
    version: readOnly(z.int32().min(1).meta({ format: 'int32' })),
    created_by: readOnly(uuid().nullable()),
    updated_by: readOnly(uuid().nullable()),
    created_at: readOnly(timestamp()),
    updated_at: readOnly(timestamp()),
    deleted_at: readOnly(timestamp().nullable().meta({ description: 'When it went to the trash; null while live' })),
    allowed_actions: readOnly(
      z
        .array(z.enum(LIFECYCLE_ACTIONS))
        .max(LIFECYCLE_ACTIONS.length)
        .meta({ description: 'The lifecycle actions its status allows now (activate needs a trigger); empty in the trash' }),
    ),
  })
  .meta({ id: 'Workflow' });

/** PUT: the definition, plus the read-only members of a GET body, accepted and ignored. */
// Not marked readOnly: tools that read a request schema would then refuse or drop these members,
// which the service accepts (so a GET body can be sent back as it is) and ignores.
const ignored = () => z.unknown().optional().meta({ description: 'Read-only: accepted and ignored' });
export const replaceWorkflowBody = z
  .strictObject({
    name: name(),
    description: description().optional(),
    trigger_type: triggerType().optional(),
    trigger_config: triggerConfig().optional(),
    id: ignored(),
    account_id: ignored(),
    status: ignored(),
    version: ignored(),
    created_by: ignored(),
    updated_by: ignored(),
    created_at: ignored(),
    updated_at: ignored(),
    deleted_at: ignored(),
    allowed_actions: ignored(),
  })
  .meta({ id: 'WorkflowReplacement', description: 'The whole definition; omitted members take their create defaults. A workflow as GET returns it can be sent back as it is.' });

export const workflowPage = pageSchema(workflowResponse, 'WorkflowPage');

const commaList = <T extends string>(values: readonly [T, ...T[]], what: string) =>
  z
    .string()
    .max(200)
    .regex(new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`), `${what}: a comma list of ${values.join(', ')}`)
    .transform((text) => [...new Set(text.split(','))] as T[])
    .meta({ description: `Comma list of ${values.join(', ')}`, ...wireType.commaList({ type: 'string', enum: values }, values.length) });

export const listQuery = z
  .strictObject({
    limit: limitParameter().optional(),
    cursor: cursorParameter().optional(),
    sort: z.enum(WORKFLOW_SORTS).optional().meta({ description: 'Order (default -created_at); names compare case-insensitively; ties break on id. Not with deleted=true (the trash is sorted by deletion time).' }),
    status: commaList(WORKFLOW_STATUSES, 'status').optional(),
    trigger_type: commaList([...TRIGGER_TYPES, 'none'], 'trigger_type').optional(),
    q: z
      .string()
      .min(1)
      .max(100)
      .refine((text) => !/\p{Cc}/u.test(text), 'q: control characters cannot be part of a name')
      .optional()
      .meta({ description: 'Case-insensitive substring of the name' }),
    deleted: z.enum(['true', 'false']).optional().meta({ description: 'true lists the trash: deleted workflows still restorable, most recently deleted first', ...wireType.boolean() }),
  });

export type ListQuery = z.infer<typeof listQuery>;

export const ifMatchHeaders = z.looseObject({
  'if-match': z.string().max(1000).optional().meta({ description: 'The ETag of the version being changed (from GET), or * for any live version' }),
});

/** Edits: If-Match is required (a request without it is answered 428 before validation). */
export const ifMatchRequiredHeaders = z.looseObject({
  'if-match': z.string().max(1000).meta({ description: 'The ETag of the version being changed (from GET), or * for any live version; without it the answer is 428' }),
});

export const ifNoneMatchHeaders = z.looseObject({
  'if-none-match': z.string().max(1000).optional().meta({ description: 'The ETag the client holds: 304 when it is still current' }),
});

export const idempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    // One error for one header: a key too long is not also reported as of the wrong characters.
    .max(255, { error: 'Idempotency-Key: 1–255 visible ASCII characters', abort: true })
    .regex(/^[\x21-\x7e]{1,255}$/, 'Idempotency-Key: 1–255 visible ASCII characters')
    .optional()
    .meta({ description: 'Makes the create safe to retry: the same key with the same body replays the first answer (scoped to you and your account, kept for IDEMPOTENCY_KEY_TTL_HOURS)', examples: ['5f0c1e9a-invoice-digest'] }),
});

export const versionParams = z.strictObject({
  id: uuid(),
  version: z
    .string()
    .max(10)
    .regex(/^[1-9][0-9]{0,8}$/)
    .transform(Number)
    .meta({ description: 'A version number (1, 2, …)', ...wireType.integer(1, 999_999_999) }),
});

export const versionResponse = z
  .strictObject({
    version: z.int32().min(1).meta({ format: 'int32' }),
    action: z.string().max(100).meta({ description: 'The audit action that produced this version', examples: ['workflow.updated'] }),
    name: z.string().meta({ minLength: 1, maxLength: 100 }),
    description: z.string().meta({ maxLength: 2000 }),
    status: z.enum(WORKFLOW_STATUSES),
    trigger_type: z.enum(TRIGGER_TYPES).nullable(),
    trigger_config: configRecord().meta(documentedAs(TRIGGER_CONFIG_SHAPES)),
    changed_by: uuid().nullable(),
    changed_at: timestamp(),
  })
  .meta({ id: 'WorkflowVersion' });

export const versionPage = pageSchema(versionResponse, 'WorkflowVersionPage');

export const pageQuery = z.strictObject({ limit: limitParameter().optional(), cursor: cursorParameter().optional() });

export const duplicateWorkflowBody = z
  .strictObject({ name: name().optional().meta({ description: 'The copy’s name; without one: "<name> (copy)", "(copy 2)", … whichever is free' }) })
  // Fastify hands a request without a body to validation as null.
  .nullish()
  .meta({ id: 'DuplicateWorkflowRequest', examples: [{ name: 'Weekday digest for EMEA' }] });
