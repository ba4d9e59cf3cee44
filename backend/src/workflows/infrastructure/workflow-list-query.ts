import type { AccountId } from '../../shared/ids.js';
import type { WorkflowSort } from '../application/dtos.js';
import type { ListCriteria } from '../application/ports.js';
import { WORKFLOW_COLUMNS } from './workflow-rows.js';

interface SortSpec {
  readonly column: 'created_at' | 'updated_at' | 'name_key' | 'deleted_at';
  readonly descending: boolean;
  /**
   * The column changes when a workflow does: rows changed after the first page keep the position
   * they had then (read from their version history), so none is seen twice or skipped.
   */
  readonly mutable: boolean;
}

const SORTS: Readonly<Record<WorkflowSort, SortSpec>> = {
  '-created_at': { column: 'created_at', descending: true, mutable: false },
  created_at: { column: 'created_at', descending: false, mutable: false },
  '-updated_at': { column: 'updated_at', descending: true, mutable: true },
  updated_at: { column: 'updated_at', descending: false, mutable: true },
  '-name': { column: 'name_key', descending: true, mutable: true },
  name: { column: 'name_key', descending: false, mutable: true },
};
// The trash: most recently deleted first. A deletion time changes only by leaving the trash.
const TRASH: SortSpec = { column: 'deleted_at', descending: true, mutable: false };

export interface ListStatement {
  readonly text: string;
  readonly values: unknown[];
}

/** Builds the statement with numbered parameters, in the order they are added. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function filterConditions(criteria: ListCriteria, params: Parameters, alias: string): string[] {
  const { filter } = criteria;
  const conditions = filter.deleted ? [`${alias}.deleted_at IS NOT NULL`, `${alias}.deleted_at >= ${params.add(criteria.deletedSince.toISOString())}`] : [`${alias}.deleted_at IS NULL`];
  if (filter.statuses !== undefined) conditions.push(`${alias}.status = ANY(${params.add(filter.statuses)}::text[])`);
  if (filter.triggerTypes !== undefined) conditions.push(`coalesce(${alias}.trigger_type, 'none') = ANY(${params.add(filter.triggerTypes)}::text[])`);
  if (filter.q !== undefined) conditions.push(`strpos(${alias}.name_key, ${params.add(filter.q)}) > 0`);
  return conditions;
}

/**
 * The position a cursor carries. A name key can be long (NFKC expands some characters eighteenfold),
 * so a name position travels as the row's id alone and is read back below.
 */
function keyOf(spec: SortSpec, expression: string): string {
  return spec.column === 'name_key' ? "''" : `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

const seenIn = (alias: string, snapshot: string) => `(${alias}.recorded_in IS NULL OR pg_visible_in_snapshot(${alias}.recorded_in, ${snapshot}))`;

/** The previous page's last position: its key, or for a name the key its row had in the first page's snapshot. */
function cursorKey(spec: SortSpec, criteria: ListCriteria, params: Parameters, id: string): string {
  if (spec.column !== 'name_key') return `${params.add(criteria.after?.key)}::timestamptz`;
  const snapshot = `${params.add(criteria.since?.snapshot)}::pg_snapshot`;
  // Scoped by account like every read: a position names a row of the caller's own list only.
  return `(SELECT v.name_key FROM workflow_versions v WHERE v.account_id = $1 AND v.workflow_id = ${id} AND ${seenIn('v', snapshot)}
           ORDER BY v.version DESC LIMIT 1)`;
}

function afterCondition(spec: SortSpec, criteria: ListCriteria, params: Parameters, position: string, id: string): string[] {
  if (criteria.after === undefined) return [];
  const afterId = `${params.add(criteria.after.id)}::uuid`;
  return [`(${position}, ${id}) ${spec.descending ? '<' : '>'} (${cursorKey(spec, criteria, params, afterId)}, ${afterId})`];
}

// A change is stamped before it commits, within the statement and idle-in-transaction timeouts;
// rows stamped earlier than this before the first page were committed before it, whatever the
// clocks of the instances that wrote them.
const IN_FLIGHT_MARGIN = "interval '10 minutes'";

/** The snapshot a page is read in: the first page's is what later pages position rows by. */
const SNAPSHOT_COLUMNS = 'pg_current_snapshot()::text AS list_snapshot';

/**
 * One page of an account's workflows in keyset order, with each row's position (`sort_key`). On a
 * sort by a column that changes, rows unchanged since the first page (written in transactions its
 * snapshot sees) are read in index order, and the few changed since are placed where they were
 * then, from the version that snapshot saw.
 */
export function listStatement(accountId: AccountId, criteria: ListCriteria): ListStatement {
  const spec = criteria.filter.deleted ? TRASH : SORTS[criteria.sort];
  const params = new Parameters();
  const account = params.add(accountId);
  const limit = params.add(criteria.limit);
  const order = spec.descending ? 'DESC' : 'ASC';
  const where = [`w.account_id = ${account}`, ...filterConditions(criteria, params, 'w')];
  const since = criteria.since;
  if (!spec.mutable || since === undefined) {
    const conditions = [...where, ...afterCondition(spec, criteria, params, `w.${spec.column}`, 'w.id')];
    return {
      text: `SELECT ${WORKFLOW_COLUMNS}, ${keyOf(spec, spec.column)} AS sort_key, ${SNAPSHOT_COLUMNS} FROM workflows w WHERE ${conditions.join(' AND ')}
             ORDER BY w.${spec.column} ${order}, w.id ${order} LIMIT ${limit}`,
      values: params.values,
    };
  }
  const snapshot = `${params.add(since.snapshot)}::pg_snapshot`;
  const asOf = `${params.add(since.asOf)}::timestamptz`;
  const seen = (alias: string) => seenIn(alias, snapshot);
  const pastColumn = spec.column === 'updated_at' ? 'changed_at' : 'name_key';
  const unchanged = [...where, seen('w'), ...afterCondition(spec, criteria, params, `w.${spec.column}`, 'w.id')];
  const moved = [...where, `w.updated_at >= ${asOf} - ${IN_FLIGHT_MARGIN}`, `NOT ${seen('w')}`, ...afterCondition(spec, criteria, params, `past.${pastColumn}`, 'w.id')];
  return {
    text: `SELECT ${WORKFLOW_COLUMNS}, ${keyOf(spec, 'list_position')} AS sort_key, ${SNAPSHOT_COLUMNS} FROM (
      (SELECT w.*, w.${spec.column} AS list_position FROM workflows w WHERE ${unchanged.join(' AND ')}
        ORDER BY w.${spec.column} ${order}, w.id ${order} LIMIT ${limit})
      UNION ALL
      (SELECT w.*, past.${pastColumn} AS list_position FROM workflows w
        JOIN LATERAL (SELECT v.${pastColumn} FROM workflow_versions v WHERE v.workflow_id = w.id AND ${seen('v')}
                      ORDER BY v.version DESC LIMIT 1) past ON true
        WHERE ${moved.join(' AND ')})
    ) listed ORDER BY list_position ${order}, id ${order} LIMIT ${limit}`,
    values: params.values,
  };
}
