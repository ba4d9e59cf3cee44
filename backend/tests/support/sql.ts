import type { Database } from '../../src/shared/database.js';

/** A statement and its values, numbered in the order they appear. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** sql`select … where id = ${id}` is { text: 'select … where id = $1', values: [id] }: values never enter the text. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Statement {
  return { text: strings.reduce((text, part, index) => `${text}$${String(index)}${part}`), values };
}

/** The rows of one statement, sent as the service sends its reads (Database.query: unnamed, outside any transaction). */
export function queryRows<R = Record<string, unknown>>(database: Pick<Database, 'query'>, statement: Statement): Promise<R[]> {
  return database.query<R>(statement.text, statement.values);
}
