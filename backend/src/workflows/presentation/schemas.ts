import { z } from 'zod';
import { TRIGGER_TYPES, WEBHOOK_METHODS, WORKFLOW_STATUSES } from '../domain/value-objects.js';

// Bounds below are documented for clients; the domain enforces the exact rules (code points,
// normalisation, character classes), so the edge checks shape and type only.
export const createWorkflowBody = z
  .strictObject({
    name: z.string().meta({ description: 'Display name, unique per account (case-insensitive). 1–100 characters after normalisation.', minLength: 1, maxLength: 100, examples: ['Invoice paid → Slack'] }),
    description: z.string().optional().meta({ description: 'Free text; newlines and tabs allowed.', maxLength: 2000 }),
    trigger_type: z.enum(TRIGGER_TYPES).nullable().optional().meta({ description: 'What starts the workflow; null for none yet.' }),
    trigger_config: z
      .record(z.string().max(64), z.unknown())
      .optional()
      .meta({
        description: `Checked against trigger_type: none/manual → {}; webhook → { method: ${WEBHOOK_METHODS.join('|')} }; schedule → { cron, timezone }; event → { event }.`,
        examples: [{ cron: '*/15 9-17 * * MON-FRI', timezone: 'Europe/Paris' }],
      }),
  })
  .meta({ id: 'CreateWorkflowRequest' });

export type CreateWorkflowBody = z.infer<typeof createWorkflowBody>;

const uuid = () => z.uuid().max(36);
const timestamp = () => z.iso.datetime().max(40);

export const workflowParams = z.strictObject({ id: uuid() });

export const workflowResponse = z
  .strictObject({
    id: uuid(),
    account_id: uuid(),
    // Lengths count characters (code points), as JSON Schema does; zod would count UTF-16 units.
    name: z.string().meta({ minLength: 1, maxLength: 100 }),
    description: z.string().meta({ maxLength: 2000 }),
    status: z.enum(WORKFLOW_STATUSES),
    trigger_type: z.enum(TRIGGER_TYPES).nullable(),
    trigger_config: z.record(z.string().max(64), z.unknown()),
    version: z.int32().min(1).meta({ format: 'int32' }),
    created_by: uuid().nullable(),
    updated_by: uuid().nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .meta({ id: 'Workflow' });

export type WorkflowResponse = z.infer<typeof workflowResponse>;
