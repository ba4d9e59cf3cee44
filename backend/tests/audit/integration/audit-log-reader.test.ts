import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditFilter, AuditPosition, AuditRecord, ListedAuditRecord } from '../../../src/audit/application/audit-log-reader.js';
import { PostgresAuditLogReader } from '../../../src/audit/index.js';
import type { Database } from '../../../src/shared/database.js';
import type { AccountId } from '../../../src/shared/ids.js';
import { closeSharedDatabases, databaseKinds, sharedDatabase } from '../../support/database.js';

afterAll(closeSharedDatabases);

interface Row {
  readonly id: string;
  readonly accountId: string;
  readonly actorId: string;
  readonly actorRef: string;
  readonly action: string;
  readonly entityId: string;
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly changes: Record<string, unknown>;
  /** RFC 3339 to the microsecond, as the database keeps it. */
  readonly occurredAt: string;
}

const INSERT = `INSERT INTO audit_logs (id, account_id, actor_id, actor_ref, action, entity_type, entity_id, request_id, ip, user_agent, changes, occurred_at)
  VALUES ($1, $2, $3, $4, $5, 'workflow', $6, $7, $8, $9, $10::jsonb, $11::timestamptz)`;

const anAccountId = () => randomUUID() as AccountId;

/** Newest first: by moment, then by id, both descending (uuids compare as their hex text). */
const newestFirst = (rows: readonly Row[]) =>
  rows.toSorted((a, b) => (a.occurredAt === b.occurredAt ? b.id.localeCompare(a.id) : b.occurredAt.localeCompare(a.occurredAt))).map((row) => row.id);

/** The moment `seconds` (and `micros`) after 10:00 on 1 March 2026, to the microsecond. */
const moment = (seconds: number, micros = 0) => `2026-03-01T10:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.${String(micros).padStart(6, '0')}Z`;

describe.each(databaseKinds())('audit log reader on %s', (kind) => {
  const setup = async () => {
    const database: Database = await sharedDatabase(kind);
    const reader = new PostgresAuditLogReader(database);
    const accountId = anAccountId();
    const actorId = randomUUID();
    const aRow = (overrides: Partial<Row> = {}): Row => ({
      id: randomUUID(),
      accountId,
      actorId,
      actorRef: 'user_alice',
      action: 'workflow.updated',
      entityId: randomUUID(),
      requestId: `req-${randomUUID()}`,
      ip: '203.0.113.7',
      userAgent: 'vitest',
      changes: { before: { name: 'Old' }, after: { name: 'New' } },
      occurredAt: moment(0),
      ...overrides,
    });
    const insert = async (...rows: Row[]) => {
      for (const row of rows) {
        await database.write(INSERT, [row.id, row.accountId, row.actorId, row.actorRef, row.action, row.entityId, row.requestId, row.ip, row.userAgent, JSON.stringify(row.changes), row.occurredAt]);
      }
      return rows;
    };
    const list = (options: { filter?: AuditFilter; limit?: number; after?: AuditPosition; account?: AccountId } = {}) =>
      reader.list(options.account ?? accountId, { filter: options.filter ?? {}, limit: options.limit ?? 100, after: options.after });
    return { database, reader, accountId, actorId, aRow, insert, list };
  };

  const ids = (listed: readonly ListedAuditRecord[]) => listed.map((entry) => entry.record.id);

  describe('order', () => {
    it('lists the account’s entries newest first', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ occurredAt: moment(20) }), aRow({ occurredAt: moment(40) }), aRow({ occurredAt: moment(0) }), aRow({ occurredAt: moment(30) }));

      const listed = await list();

      expect(ids(listed)).toEqual([rows[1]?.id, rows[3]?.id, rows[0]?.id, rows[2]?.id]);
    });

    it('orders entries of the same moment by id, highest first', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(...Array.from({ length: 5 }, () => aRow({ occurredAt: moment(10, 250) })));

      const listed = await list();

      expect(ids(listed)).toEqual(newestFirst(rows));
    });

    it('tells apart moments one microsecond apart', async () => {
      const { aRow, insert, list } = await setup();
      const [older, newer] = await insert(aRow({ occurredAt: moment(5, 1) }), aRow({ occurredAt: moment(5, 2) }));

      const listed = await list();

      expect(ids(listed)).toEqual([newer?.id, older?.id]);
      expect(listed.map((entry) => entry.position)).toEqual([
        { occurredAt: moment(5, 2), id: newer?.id },
        { occurredAt: moment(5, 1), id: older?.id },
      ]);
    });

    it('gives at most `limit` entries, the newest', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(...Array.from({ length: 6 }, (_, index) => aRow({ occurredAt: moment(index) })));

      const listed = await list({ limit: 4 });

      expect(ids(listed)).toEqual(newestFirst(rows).slice(0, 4));
    });

    it('returns nothing for an account without entries', async () => {
      const { list } = await setup();

      const listed = await list({ account: anAccountId() });

      expect(listed).toEqual([]);
    });
  });

  describe('record', () => {
    it('returns every column of the entry, its changes as stored and its moment as a date', async () => {
      const { aRow, insert, list } = await setup();
      const [row] = await insert(
        aRow({ action: 'workflow.version_restored', occurredAt: '2026-03-01T10:00:00.123000Z', changes: { before: { version: 3 }, after: { version: 4, deleted_at: null }, restored_version: 1 } }),
      );
      if (row === undefined) throw new Error('nothing inserted');

      const [entry] = await list();

      expect(entry?.record).toEqual<AuditRecord>({
        id: row.id,
        action: 'workflow.version_restored',
        entityType: 'workflow',
        entityId: row.entityId,
        actorId: row.actorId,
        actorRef: 'user_alice',
        requestId: row.requestId,
        ip: '203.0.113.7',
        userAgent: 'vitest',
        changes: { before: { version: 3 }, after: { version: 4, deleted_at: null }, restored_version: 1 },
        occurredAt: new Date('2026-03-01T10:00:00.123Z'),
      });
      expect(entry?.position).toEqual({ occurredAt: '2026-03-01T10:00:00.123000Z', id: row.id });
    });

    it('keeps a missing request id, ip and user agent as null', async () => {
      const { aRow, insert, list } = await setup();
      await insert(aRow({ requestId: null, ip: null, userAgent: null }));

      const [entry] = await list();

      expect(entry?.record).toMatchObject({ requestId: null, ip: null, userAgent: null });
    });

    it('gives the position in UTC for a moment written with an offset', async () => {
      const { aRow, insert, list } = await setup();
      const [row] = await insert(aRow({ occurredAt: '2026-03-01T23:30:00.000042+05:00' }));

      const [entry] = await list();

      expect(entry?.position).toEqual({ occurredAt: '2026-03-01T18:30:00.000042Z', id: row?.id });
    });
  });

  describe('keyset', () => {
    it('continues after a position with the entries older than it', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(...Array.from({ length: 5 }, (_, index) => aRow({ occurredAt: moment(index * 10) })));
      const [, second] = await list();
      if (second === undefined) throw new Error('no second entry');

      const rest = await list({ after: second.position });

      expect(ids(rest)).toEqual(newestFirst(rows).slice(2));
    });

    it('continues inside a run of entries of the same moment by id', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(...Array.from({ length: 4 }, () => aRow({ occurredAt: moment(7) })), aRow({ occurredAt: moment(6) }));
      const order = newestFirst(rows);
      const [, second] = await list({ limit: 2 });
      if (second === undefined) throw new Error('no second entry');

      const rest = await list({ after: second.position });

      expect(ids(rest)).toEqual(order.slice(2));
    });

    it('pages one entry at a time through equal moments and microseconds without skipping or repeating one', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(
        aRow({ occurredAt: moment(1, 0) }),
        aRow({ occurredAt: moment(1, 1) }),
        aRow({ occurredAt: moment(1, 1) }),
        aRow({ occurredAt: moment(1, 999) }),
        aRow({ occurredAt: moment(1, 1000) }),
        aRow({ occurredAt: moment(1, 1000) }),
        aRow({ occurredAt: moment(1, 1000) }),
        aRow({ occurredAt: moment(2, 0) }),
      );
      const seen: string[] = [];
      let after: AuditPosition | undefined;

      for (let page = 0; page < rows.length + 2; page += 1) {
        const [entry] = await list({ limit: 1, ...(after === undefined ? {} : { after }) });
        if (entry === undefined) break;
        seen.push(entry.record.id);
        after = entry.position;
      }

      expect(seen).toEqual(newestFirst(rows));
    });

    it('returns nothing after the last entry', async () => {
      const { aRow, insert, list } = await setup();
      await insert(aRow({ occurredAt: moment(1) }), aRow({ occurredAt: moment(2) }));
      const last = (await list()).at(-1);
      if (last === undefined) throw new Error('no entry');

      const rest = await list({ after: last.position });

      expect(rest).toEqual([]);
    });
  });

  describe('filters', () => {
    it('keeps the entries of one entity', async () => {
      const { aRow, insert, list } = await setup();
      const entityId = randomUUID();
      const rows = await insert(aRow({ entityId, occurredAt: moment(1) }), aRow({ occurredAt: moment(2) }), aRow({ entityId, occurredAt: moment(3) }));

      const listed = await list({ filter: { entityId } });

      expect(ids(listed)).toEqual([rows[2]?.id, rows[0]?.id]);
    });

    it('keeps the entries of one action', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ action: 'workflow.created', occurredAt: moment(1) }), aRow({ action: 'workflow.updated', occurredAt: moment(2) }), aRow({ action: 'workflow.deleted', occurredAt: moment(3) }));

      const listed = await list({ filter: { actions: ['workflow.updated'] } });

      expect(ids(listed)).toEqual([rows[1]?.id]);
    });

    it('keeps the entries of any of several actions', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ action: 'workflow.created', occurredAt: moment(1) }), aRow({ action: 'workflow.updated', occurredAt: moment(2) }), aRow({ action: 'workflow.deleted', occurredAt: moment(3) }));

      const listed = await list({ filter: { actions: ['workflow.created', 'workflow.deleted', 'workflow.archived'] } });

      expect(ids(listed)).toEqual([rows[2]?.id, rows[0]?.id]);
    });

    it('keeps nothing for an action no entry has', async () => {
      const { aRow, insert, list } = await setup();
      await insert(aRow({ action: 'workflow.created' }));

      const listed = await list({ filter: { actions: ['workflow.archived'] } });

      expect(listed).toEqual([]);
    });

    it('keeps the entries of one actor', async () => {
      const { aRow, insert, list } = await setup();
      const bob = randomUUID();
      const rows = await insert(aRow({ occurredAt: moment(1) }), aRow({ actorId: bob, actorRef: 'user_bob', occurredAt: moment(2) }), aRow({ occurredAt: moment(3) }));

      const listed = await list({ filter: { actorId: bob } });

      expect(ids(listed)).toEqual([rows[1]?.id]);
    });

    it('keeps the entries strictly after occurredAfter', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ occurredAt: moment(1) }), aRow({ occurredAt: moment(2) }), aRow({ occurredAt: moment(2, 1000) }), aRow({ occurredAt: moment(3) }));

      const listed = await list({ filter: { occurredAfter: moment(2) } });

      expect(ids(listed)).toEqual([rows[3]?.id, rows[2]?.id]);
    });

    it('keeps the entries strictly before occurredBefore', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ occurredAt: moment(1) }), aRow({ occurredAt: moment(1, 999_000) }), aRow({ occurredAt: moment(2) }), aRow({ occurredAt: moment(3) }));

      const listed = await list({ filter: { occurredBefore: moment(2) } });

      expect(ids(listed)).toEqual([rows[1]?.id, rows[0]?.id]);
    });

    it('compares occurredAfter to the microsecond', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ occurredAt: moment(2, 400) }), aRow({ occurredAt: moment(2, 500) }), aRow({ occurredAt: moment(2, 501) }));

      const listed = await list({ filter: { occurredAfter: moment(2, 500) } });

      expect(ids(listed)).toEqual([rows[2]?.id]);
    });

    it('compares occurredBefore to the microsecond', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ occurredAt: moment(2, 0) }), aRow({ occurredAt: moment(2, 499) }), aRow({ occurredAt: moment(2, 500) }));

      const listed = await list({ filter: { occurredBefore: moment(2, 500) } });

      expect(ids(listed)).toEqual([rows[1]?.id, rows[0]?.id]);
    });

    it('reads a bound with an offset as the same instant', async () => {
      const { aRow, insert, list } = await setup();
      const rows = await insert(aRow({ occurredAt: moment(1) }), aRow({ occurredAt: moment(3) }));

      const listed = await list({ filter: { occurredAfter: '2026-03-01T11:00:02+01:00', occurredBefore: '2026-03-01T05:00:04-05:00' } });

      expect(ids(listed)).toEqual([rows[1]?.id]);
    });

    it('combines every filter with a position', async () => {
      const { aRow, insert, list, actorId } = await setup();
      const entityId = randomUUID();
      const matching = (seconds: number) => aRow({ entityId, action: 'workflow.updated', occurredAt: moment(seconds) });
      const rows = await insert(
        matching(1),
        matching(2),
        matching(3),
        aRow({ entityId, action: 'workflow.deleted', occurredAt: moment(4) }),
        aRow({ entityId, actorId: randomUUID(), occurredAt: moment(5) }),
        aRow({ action: 'workflow.updated', occurredAt: moment(6) }),
        matching(7),
        matching(9),
      );
      const filter: AuditFilter = { entityId, actions: ['workflow.updated'], actorId, occurredAfter: moment(1), occurredBefore: moment(9) };
      const [first] = await list({ filter, limit: 1 });
      if (first === undefined) throw new Error('no entry');

      const rest = await list({ filter, after: first.position });

      expect(first.record.id).toBe(rows[6]?.id);
      expect(ids(rest)).toEqual([rows[2]?.id, rows[1]?.id]);
    });
  });

  describe('accounts', () => {
    it('never returns another account’s entries, whatever the filter', async () => {
      const { aRow, insert, list, accountId, actorId } = await setup();
      const entityId = randomUUID();
      const [own] = await insert(aRow({ entityId, action: 'workflow.created', occurredAt: moment(1) }));
      await insert(...Array.from({ length: 3 }, (_, index) => aRow({ accountId: anAccountId(), entityId, action: 'workflow.created', occurredAt: moment(1 + index) })));
      const filters: AuditFilter[] = [
        {},
        { entityId },
        { actions: ['workflow.created'] },
        { actorId },
        { occurredAfter: moment(0) },
        { occurredBefore: moment(59) },
      ];

      const listed = await Promise.all(filters.map((filter) => list({ filter, account: accountId })));

      for (const entries of listed) expect(ids(entries)).toEqual([own?.id]);
    });

    it('finds nothing of another account by its entity or actor', async () => {
      const { aRow, insert, list } = await setup();
      const [theirs] = await insert(aRow({ accountId: anAccountId() }));
      if (theirs === undefined) throw new Error('nothing inserted');

      const listed = await Promise.all([list({ filter: { entityId: theirs.entityId } }), list({ filter: { actorId: theirs.actorId } })]);

      expect(listed).toEqual([[], []]);
    });

    it('returns only the account’s own entries after a position taken from another account', async () => {
      const { aRow, insert, list } = await setup();
      const other = anAccountId();
      const own = await insert(aRow({ occurredAt: moment(1) }), aRow({ occurredAt: moment(3) }));
      await insert(aRow({ accountId: other, occurredAt: moment(2) }), aRow({ accountId: other, occurredAt: moment(0) }));
      const [theirs] = await list({ account: other });
      if (theirs === undefined) throw new Error('no entry of the other account');

      const listed = await list({ after: theirs.position });

      expect(ids(listed)).toEqual([own[0]?.id]);
    });
  });
});
