import { customType, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A full transaction id, as text: which transaction last wrote the row (migration 0007). */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

export const workflows = pgTable('workflows', {
  id: uuid('id').primaryKey(),
  accountId: uuid('account_id').notNull(),
  name: text('name').notNull(),
  nameKey: text('name_key').notNull(),
  description: text('description').notNull().default(''),
  status: text('status').notNull(),
  triggerType: text('trigger_type'),
  triggerConfig: jsonb('trigger_config').notNull().default({}),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  recordedIn: xid8('recorded_in'),
});

/** The unique partial index on (account_id, name_key) among live rows. */
export const WORKFLOW_NAME_INDEX = 'workflows_account_name_key_unique';

/** The columns the service writes; `recorded_in` is the database's own. */
export type WorkflowRow = Omit<typeof workflows.$inferSelect, 'recordedIn'>;


