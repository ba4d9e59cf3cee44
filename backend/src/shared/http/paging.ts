import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadRequestError } from './request-body.js';

/**
 * Cursors are opaque to clients: base64url JSON and a checksum over it and the list it belongs to
 * (the account and the query). An edited cursor, or one reused on another list or query, is refused.
 * The checksum is not secret: a forged cursor could at most point elsewhere in the caller's own list.
 */
const CHECKSUM_BYTES = 16;
// Room for a database snapshot with a few hundred transactions in flight.
const CURSOR_MAX_LENGTH = 4096;

function checksum(scope: string, body: string): Buffer {
  return createHash('sha256').update(scope).update('\0').update(body).digest().subarray(0, CHECKSUM_BYTES);
}

export function encodeCursor(scope: string, position: object): string {
  const body = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${body}.${checksum(scope, body).toString('base64url')}`;
}

const refused = () => new BadRequestError('The cursor was not issued for this list and query; start again without a cursor, or resend the query it came from unchanged.');

/** The position a cursor carries, checked against `scope` and `schema`; 400 for anything else. */
export function decodeCursor<T>(scope: string, cursor: string, schema: z.ZodType<T>): T {
  const [body, sum, extra] = cursor.split('.');
  if (cursor.length > CURSOR_MAX_LENGTH || body === undefined || sum === undefined || extra !== undefined) throw refused();
  const expected = checksum(scope, body);
  const given = Buffer.from(sum, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  const parsed = schema.safeParse(position);
  if (!parsed.success) throw refused();
  return parsed.data;
}

/** The envelope of every list: a page of items and the cursor of the next page, null on the last. */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .strictObject({
      data: z.array(item).max(100),
      next_cursor: z.string().max(CURSOR_MAX_LENGTH).nullable().meta({ description: 'Pass as `cursor` to read the next page; null on the last page.' }),
    })
    .meta({ id });
}

export const cursorParameter = () => z.string().min(1).max(CURSOR_MAX_LENGTH).meta({ description: 'Opaque: the `next_cursor` of the previous page, with the same query.' });

/** Sends a page; when there is a next one, `Link: <…>; rel="next"` repeats this request's query with the cursor. */
export function sendPage<T>(request: FastifyRequest, reply: FastifyReply, data: T[], nextCursor: string | null): { data: T[]; next_cursor: string | null } {
  if (nextCursor !== null) {
    const url = new URL(request.url, 'http://service.invalid');
    url.searchParams.set('cursor', nextCursor);
    reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return { data, next_cursor: nextCursor };
}

export const DEFAULT_PAGE_SIZE = 20;

/** `limit`: a page of 1–100 items; query strings carry it as digits. */
export const limitParameter = () =>
  z
    .string()
    .max(3)
    .regex(/^(100|[1-9][0-9]?)$/, 'limit: an integer from 1 to 100')
    .transform(Number)
    .meta({ description: `Page size, 1–100 (default ${DEFAULT_PAGE_SIZE})`, examples: ['20'] });
