import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorCodec, cursorParameter, cursorSeal } from '../../src/shared/http/paging.js';
import { BadRequestError } from '../../src/shared/http/http-errors.js';
import { caught } from '../support/caught.js';

const SECRET = 'a secret every instance shares';
const codec = cursorCodec(SECRET);
const encodeCursor = (scope: string, position: object) => codec.encode(scope, position);
const decodeCursor = <T>(scope: string, cursor: string, schema: z.ZodType<T>) => codec.decode(scope, cursor, schema);

const SCOPE = JSON.stringify(['account-1', 'workflows', '-created_at', { deleted: false }]);
const position = z.strictObject({ key: z.string(), id: z.string() });
const AT = { key: '2026-11-25T12:00:00.000000Z', id: '0190a6c2-7d3e-7a41-9b2c-5e8f1a2b3c4d' };

/** A cursor sealed with the shared secret for `text`, which need not be a position. */
const sealed = (scope: string, text: string) => cursorSeal(SECRET).seal(scope, text);

function replaceAt(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

/** A cursor whose text has both `-` and `_` and a last character carrying spare bits, so every edit below applies. */
function cursorWithDashAndUnderscore(): string {
  for (;;) {
    const cursor = encodeCursor(SCOPE, AT);
    if (cursor.includes('-') && cursor.includes('_') && cursor.length % 4 !== 0) return cursor;
  }
}

/** The same bytes with the unused low bits of the last character set: lenient decoders ignore them. */
function withSpareBits(cursor: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(cursor.at(-1) ?? 'A');
  const spare = cursor.length % 4 === 2 ? 0b1111 : 0b11;
  return `${cursor.slice(0, -1)}${alphabet[last | spare] ?? ''}`;
}

async function refusal(cursor: string, scope = SCOPE): Promise<BadRequestError> {
  return caught(() => decodeCursor(scope, cursor, position), BadRequestError);
}

describe('cursors', () => {
  it('are refused when signed with another key, as a client could not know the shared one', async () => {
    const forged = cursorCodec('a key a client made up').encode(SCOPE, AT);

    const error = await refusal(forged);

    expect(error.code).toBe('BAD_REQUEST');
  });


  it('carry their position back', () => {
    const cursor = encodeCursor(SCOPE, AT);

    expect(decodeCursor(SCOPE, cursor, position)).toEqual(AT);
  });

  it('are opaque URL-safe text', () => {
    expect(encodeCursor(SCOPE, AT)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('do not let a client read the position they carry', () => {
    const bytes = Buffer.from(encodeCursor(SCOPE, AT), 'base64url').toString('latin1');

    expect(bytes).not.toContain('key');
    expect(bytes).not.toContain(AT.id);
    expect(bytes).not.toContain('2026');
  });

  it('differ each time the same position is encoded, so equal positions cannot be told apart', () => {
    expect(encodeCursor(SCOPE, AT)).not.toBe(encodeCursor(SCOPE, AT));
  });

  it('refuse a cursor with any one character changed', async () => {
    const cursor = encodeCursor(SCOPE, AT);

    for (const index of [0, 5, 10, 20, cursor.length - 3, cursor.length - 1]) {
      const error = await refusal(replaceAt(cursor, index));

      expect(error.code).toBe('BAD_REQUEST');
    }
  });

  it.each([
    ['padding appended', (cursor: string) => `${cursor}=`],
    ['double padding appended', (cursor: string) => `${cursor}==`],
    ['the base64 alphabet instead of base64url', (cursor: string) => cursor.replaceAll('-', '+').replaceAll('_', '/')],
    ['characters outside the alphabet inserted', (cursor: string) => `${cursor.slice(0, 8)}!!!${cursor.slice(8)}`],
    ['white space inserted', (cursor: string) => `${cursor.slice(0, 8)} ${cursor.slice(8)}`],
    ['its unused last bits set', (cursor: string) => withSpareBits(cursor)],
    ['a character dropped', (cursor: string) => cursor.slice(0, -1)],
  ])('refuse a cursor with %s, which a lenient decoder would read as the same bytes', async (_edit, edit) => {
    const cursor = cursorWithDashAndUnderscore();
    const edited = edit(cursor);

    const error = await refusal(edited);

    expect(edited).not.toBe(cursor);
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('refuse a position of another list or query', async () => {
    const cursor = encodeCursor(SCOPE, AT);

    const error = await refusal(cursor, JSON.stringify(['account-1', 'workflows', 'name', { deleted: false }]));

    expect(error.code).toBe('BAD_REQUEST');
  });

  it('refuse a position of another account', async () => {
    const cursor = encodeCursor(SCOPE, AT);

    const error = await refusal(cursor, JSON.stringify(['account-2', 'workflows', '-created_at', { deleted: false }]));

    expect(error.code).toBe('BAD_REQUEST');
  });

  it.each(['', 'garbage', '.', 'a.b', 'a.b.c', `${encodeCursor(SCOPE, AT)}.extra`, '%%%.###'])('refuse the garbage %j', async (cursor) => {
    const error = await refusal(cursor);

    expect(error.code).toBe('BAD_REQUEST');
  });

  it('refuse a cursor longer than the cursor parameter allows, even when it is rightly sealed', async () => {
    const limit = cursorParameter().maxLength ?? 0;
    const cursor = encodeCursor(SCOPE, { key: 'k'.repeat(limit), id: AT.id });

    const error = await refusal(cursor);

    expect(limit).toBeGreaterThan(0);
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('accept a cursor as long as the cursor parameter allows', () => {
    const limit = cursorParameter().maxLength ?? 0;
    const bare = encodeCursor(SCOPE, { key: '', id: AT.id });
    // Base64url turns every 3 bytes into 4 characters.
    const key = 'k'.repeat(Math.floor(((limit - bare.length) * 3) / 4) - 3);
    const cursor = encodeCursor(SCOPE, { key, id: AT.id });

    expect(cursor.length).toBeLessThanOrEqual(limit);
    expect(decodeCursor(SCOPE, cursor, position)).toEqual({ key, id: AT.id });
  });

  it('refuse a rightly sealed text that is not JSON', async () => {
    const cursor = sealed(SCOPE, '{not json');

    const error = await refusal(cursor);

    expect(error.code).toBe('BAD_REQUEST');
  });

  it('refuse a rightly sealed position of another shape', async () => {
    const cursor = encodeCursor(SCOPE, { key: AT.key, id: AT.id, extra: true });

    const error = await refusal(cursor);

    expect(error.code).toBe('BAD_REQUEST');
  });
});
