import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { wireType } from './openapi-schemas.js';
import { BadRequestError } from './http-errors.js';

/**
 * Cursors are opaque to clients: the position is sealed with AES-256-GCM under a key derived from a
 * secret every instance shares, with the list it belongs to (the account and the query) as
 * associated data. A client can neither read a position (a list's cursor carries a database
 * snapshot, which would tell how busy the database is) nor edit or forge one; an edited cursor, or
 * one reused on another list or query, is refused with 400. The text is canonical base64url, so
 * two different texts never decode to the same cursor.
 */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// Room for a database snapshot with many transactions in flight (the list's cursors carry one).
const CURSOR_MAX_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface CursorCodec {
  encode(scope: string, position: object): string;
  /** The position a cursor carries, checked against `scope` and `schema`; BadRequestError for anything else. */
  decode<T>(scope: string, cursor: string, schema: z.ZodType<T>): T;
}

/** Authenticated encryption of a cursor's text, bound to its scope. */
export interface CursorSeal {
  seal(scope: string, text: string): string;
  /** The sealed text, or undefined when `cursor` was not sealed by this key for this scope. */
  open(scope: string, cursor: string): string | undefined;
}

const refused = () => new BadRequestError('The cursor was not issued for this list and query; start again without a cursor, or resend the query it came from unchanged.', 'cursor');

/** The bytes of canonical base64url `text`; undefined for padding, other alphabets, stray characters or spare bits. */
function strictBase64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/**
 * Seals with a key derived from `secret` for the purpose `label` (HKDF's info); without a secret
 * (tests, a single process), a random key of this process.
 */
export function cursorSeal(secret: string = randomBytes(32).toString('hex'), label = 'cursor'): CursorSeal {
  const key = Buffer.from(hkdfSync('sha256', secret, '', label, 32));
  return {
    seal: (scope, text) => {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(scope));
      const sealed = Buffer.concat([nonce, cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return sealed.toString('base64url');
    },
    open: (scope, cursor) => {
      const bytes = cursor.length > CURSOR_MAX_LENGTH ? undefined : strictBase64url(cursor);
      if (bytes === undefined || bytes.length < NONCE_BYTES + TAG_BYTES) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES }).setAAD(Buffer.from(scope));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function parsed<T>(text: string, schema: z.ZodType<T>): T {
  let position: unknown;
  try {
    position = JSON.parse(text);
  } catch {
    throw refused();
  }
  const result = schema.safeParse(position);
  if (!result.success) throw refused();
  return result.data;
}

/** A codec sealing with a key derived from `secret` and `label`; without a secret, a random key of this process. */
export function cursorCodec(secret?: string, label?: string): CursorCodec {
  const sealer = cursorSeal(secret, label);
  return {
    encode: (scope, position) => sealer.seal(scope, JSON.stringify(position)),
    decode: (scope, cursor, schema) => {
      const text = sealer.open(scope, cursor);
      if (text === undefined) throw refused();
      return parsed(text, schema);
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
    .meta({ description: `Page size, 1–100 (default ${DEFAULT_PAGE_SIZE})`, examples: ['20'], ...wireType.integer(1, 100) });
