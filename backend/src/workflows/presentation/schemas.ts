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
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        description: `Checked against trigger_type: none/manual → {}; webhook → { method: ${WEBHOOK_METHODS.join('|')} }; schedule → { cron, timezone }; event → { event }.`,
        examples: [{ cron: '*/15 9-17 * * MON-FRI', timezone: 'Europe/Paris' }],
      }),
  })
  .meta({ id: 'CreateWorkflowRequest' });

export type CreateWorkflowBody = z.infer<typeof createWorkflowBody>;

export const workflowParams = z.strictObject({ id: z.uuid() });

export const workflowResponse = z
  .strictObject({
    id: z.uuid(),
    account_id: z.uuid(),
    name: z.string(),
    description: z.string(),
    status: z.enum(WORKFLOW_STATUSES),
    trigger_type: z.enum(TRIGGER_TYPES).nullable(),
    trigger_config: z.record(z.string(), z.unknown()),
    version: z.int().min(1),
    created_by: z.uuid().nullable(),
    updated_by: z.uuid().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Workflow' });

export type WorkflowResponse = z.infer<typeof workflowResponse>;
