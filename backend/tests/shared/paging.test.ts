import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorCodec, cursorParameter } from '../../src/shared/http/paging.js';
import { BadRequestError } from '../../src/shared/http/request-body.js';
import { caught } from '../support/caught.js';

const SECRET = 'a secret every instance shares';
const codec = cursorCodec(SECRET);
const encodeCursor = (scope: string, position: object) => codec.encode(scope, position);
const decodeCursor = <T>(scope: string, cursor: string, schema: z.ZodType<T>) => codec.decode(scope, cursor, schema);

const SCOPE = JSON.stringify(['account-1', 'workflows', '-created_at', { deleted: false }]);
const position = z.strictObject({ key: z.string(), id: z.string() });
const AT = { key: '2026-11-25T12:00:00.000000Z', id: '0190a6c2-7d3e-7a41-9b2c-5e8f1a2b3c4d' };

/** A cursor whose signature is right for `body`, made with the shared secret the way the codec documents it. */
function signed(scope: string, body: string): string {
  const sum = createHmac('sha256', SECRET).update(scope).update('\0').update(body).digest().subarray(0, 16);
  return `${body}.${sum.toString('base64url')}`;
}

function replaceAt(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
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
    expect(encodeCursor(SCOPE, AT)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuse an edited position', async () => {
    const [body = '', sum = ''] = encodeCursor(SCOPE, AT).split('.');

    const error = await refusal(`${replaceAt(body, 10)}.${sum}`);

    expect(error.code).toBe('BAD_REQUEST');
  });

  it('refuse an edited checksum', async () => {
    const [body = '', sum = ''] = encodeCursor(SCOPE, AT).split('.');

    const error = await refusal(`${body}.${replaceAt(sum, 0)}`);

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

  it('refuse a cursor longer than the cursor parameter allows, even when its checksum is right', async () => {
    const limit = cursorParameter().maxLength ?? 0;
    const cursor = encodeCursor(SCOPE, { key: 'k'.repeat(limit), id: AT.id });

    const error = await refusal(cursor);

    expect(limit).toBeGreaterThan(0);
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('accept a cursor as long as the cursor parameter allows', () => {
    const limit = cursorParameter().maxLength ?? 0;
    const bare = encodeCursor(SCOPE, { key: '', id: AT.id });
    // Base64url turns every 3 bytes of the position into 4 characters.
    const key = 'k'.repeat(Math.floor(((limit - bare.length) * 3) / 4) - 3);
    const cursor = encodeCursor(SCOPE, { key, id: AT.id });

    expect(cursor.length).toBeLessThanOrEqual(limit);
    expect(decodeCursor(SCOPE, cursor, position)).toEqual({ key, id: AT.id });
  });

  it('refuse a rightly signed body that is not JSON', async () => {
    const cursor = signed(SCOPE, Buffer.from('{not json').toString('base64url'));

    const error = await refusal(cursor);

    expect(error.code).toBe('BAD_REQUEST');
  });

  it('refuse a rightly signed position of another shape', async () => {
    const cursor = encodeCursor(SCOPE, { key: AT.key, id: AT.id, extra: true });

    const error = await refusal(cursor);

    expect(error.code).toBe('BAD_REQUEST');
  });
});
