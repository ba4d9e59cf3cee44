import { randomUUID } from 'node:crypto';
import type { CreateWorkflowBody } from '../../src/api/index.js';

/** Names are unique per account; a random suffix keeps tests independent of each other. */
export function aName(prefix = 'Nightly digest'): string {
  return `${prefix} ${randomUUID().slice(0, 8)}`;
}

export function aScheduleWorkflow(overrides: Partial<CreateWorkflowBody> = {}): CreateWorkflowBody {
  return {
    name: aName(),
    trigger_type: 'schedule',
    trigger_config: { cron: '0 2 * * *', timezone: 'Europe/Paris' },
    ...overrides,
  };
}
