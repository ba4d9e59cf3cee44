import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditLogs = pgTable('audit_logs', {
  id: uuid('id').primaryKey(),
  accountId: uuid('account_id').notNull(),
  actorId: uuid('actor_id').notNull(),
  actorRef: text('actor_ref').notNull(),
  action: text('action').notNull(),
  entityType: text('entity_type').notNull(),
  entityId: uuid('entity_id').notNull(),
  requestId: text('request_id'),
  ip: text('ip'),
  userAgent: text('user_agent'),
  changes: jsonb('changes').notNull().default({}),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
});
