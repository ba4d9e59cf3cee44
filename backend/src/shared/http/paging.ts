import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadRequestError } from './request-body.js';

/**
 * Cursors are opaque to clients: base64url JSON and an HMAC over it and the list it belongs to (the
 * account and the query), keyed by a secret every instance shares. An edited or forged cursor, or
 * one reused on another list or query, is refused with 400.
 */
const SIGNATURE_BYTES = 16;
// Room for a database snapshot with many transactions in flight (the list's cursors carry one).
const CURSOR_MAX_LENGTH = 8192;

export interface CursorCodec {
  encode(scope: string, position: object): string;
  /** The position a cursor carries, checked against `scope` and `schema`; BadRequestError for anything else. */
  decode<T>(scope: string, cursor: string, schema: z.ZodType<T>): T;
}

const refused = () => new BadRequestError('The cursor was not issued for this list and query; start again without a cursor, or resend the query it came from unchanged.', 'cursor');

function parsed<T>(body: string, schema: z.ZodType<T>): T {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  const result = schema.safeParse(position);
  if (!result.success) throw refused();
  return result.data;
}

/** A codec signing with `secret`; without one (tests, a single process), a random key of this process. */
export function cursorCodec(secret: string = randomBytes(32).toString('hex')): CursorCodec {
  const sign = (scope: string, body: string) => createHmac('sha256', secret).update(scope).update('\0').update(body).digest().subarray(0, SIGNATURE_BYTES);
  return {
    encode: (scope, position) => {
      const body = Buffer.from(JSON.stringify(position)).toString('base64url');
      return `${body}.${sign(scope, body).toString('base64url')}`;
    },
    decode: (scope, cursor, schema) => {
      const [body, signature, extra] = cursor.split('.');
      if (cursor.length > CURSOR_MAX_LENGTH || body === undefined || signature === undefined || extra !== undefined) throw refused();
      const expected = sign(scope, body);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
      return parsed(body, schema);
    },
  };
}

/** A position's instant as the list statements write it: UTC, to the microsecond. */
export const instantPosition = () => z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);

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
