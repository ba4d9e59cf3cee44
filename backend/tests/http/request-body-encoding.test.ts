import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { aTestApp, aToken } from '../support/app.js';
import { closeSharedDatabases } from '../support/database.js';
import { expectProblem } from '../support/problems.js';
import { queryRows, sql } from '../support/sql.js';

afterAll(closeSharedDatabases);

const uniqueName = () => `Encoded ${Math.random().toString(36).slice(2, 10)}`;

async function post(payload: string | Buffer, headers: Record<string, string>) {
  const { request, database } = await aTestApp();
  const response = await request({ method: 'POST', url: '/api/v1/workflows', token: await aToken(), headers, payload });
  return { response, database };
}

async function storedNamesLike(database: Awaited<ReturnType<typeof aTestApp>>['database'], prefix: string) {
  return queryRows<{ name: string }>(database, sql`select name from workflows where name like ${`${prefix}%`}`);
}

describe('request bodies must be UTF-8 JSON without a content coding', () => {
  it('refuses invalid UTF-8 with a 400 and stores nothing', async () => {
    const name = uniqueName();
    const body = Buffer.concat([Buffer.from(`{"name":"${name} `), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

    const { response, database } = await post(body, { 'content-type': 'application/json' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', detail: 'The request body is not valid UTF-8.' });
    expect(await storedNamesLike(database, name)).toEqual([]);
  });

  it('refuses an overlong encoding of "/" (a classic UTF-8 smuggling trick)', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('b"}')]);

    const { response } = await post(body, { 'content-type': 'application/json' });

    expect(response.statusCode).toBe(400);
  });

  it.each(['iso-8859-1', 'utf-16', 'windows-1252'])('refuses charset=%s with a 415 and stores nothing', async (charset) => {
    const name = uniqueName();

    const { response, database } = await post(JSON.stringify({ name }), { 'content-type': `application/json; charset=${charset}` });

    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await storedNamesLike(database, name)).toEqual([]);
  });

  it.each(['utf-8', 'UTF-8', 'utf8', '"utf-8"'])('accepts charset=%s', async (charset) => {
    const { response } = await post(JSON.stringify({ name: uniqueName() }), { 'content-type': `application/json; charset=${charset}` });

    expect(response.statusCode).toBe(201);
  });

  it('refuses a gzip body with a 415 and stores nothing', async () => {
    const name = uniqueName();

    const { response, database } = await post(gzipSync(JSON.stringify({ name })), { 'content-type': 'application/json', 'content-encoding': 'gzip' });

    expect(response.statusCode).toBe(415);
    expect(response.json<{ detail: string }>().detail).toMatch(/Content-Encoding/);
    expect(await storedNamesLike(database, name)).toEqual([]);
  });

  it('refuses a plain body that claims a content coding', async () => {
    const name = uniqueName();

    const { response, database } = await post(JSON.stringify({ name }), { 'content-type': 'application/json', 'content-encoding': 'br' });

    expect(response.statusCode).toBe(415);
    expect(await storedNamesLike(database, name)).toEqual([]);
  });

  it('accepts Content-Encoding: identity', async () => {
    const { response } = await post(JSON.stringify({ name: uniqueName() }), { 'content-type': 'application/json', 'content-encoding': 'identity' });

    expect(response.statusCode).toBe(201);
  });

  it('stores a valid multi-byte UTF-8 name exactly', async () => {
    const name = `${uniqueName()} 東京 🚀`;

    const { response } = await post(Buffer.from(JSON.stringify({ name }), 'utf8'), { 'content-type': 'application/json' });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name });
  });
});
