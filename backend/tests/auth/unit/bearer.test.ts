import { describe, expect, it } from 'vitest';
import { extractBearerToken, UnauthorizedError } from '../../../src/auth/index.js';
import { caught } from '../../support/caught.js';

async function reasonOf(header: string | undefined): Promise<string> {
  return (await caught(() => extractBearerToken(header), UnauthorizedError)).reason;
}

describe('extractBearerToken', () => {
  it.each([
    ['Bearer aaa.bbb.ccc', 'aaa.bbb.ccc'],
    ['bearer aaa.bbb.ccc', 'aaa.bbb.ccc'],
    ['BEARER  aaa.bbb-_.', 'aaa.bbb-_.'],
    ['  Bearer aaa.bbb.ccc  ', 'aaa.bbb.ccc'],
  ])('takes the token of %j', (header, token) => {
    expect(extractBearerToken(header)).toBe(token);
  });

  it('accepts a token of exactly 8 KiB', () => {
    const token = 'a'.repeat(8 * 1024);

    expect(extractBearerToken(`Bearer ${token}`)).toBe(token);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Bearer'],
    ['the scheme and spaces', 'Bearer   '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a scheme that only starts like Bearer', 'Bearerx aaa.bbb.ccc'],
  ])('reports a missing token for %s', async (_label, header) => {
    expect(await reasonOf(header)).toBe('TOKEN_MISSING');
  });

  it.each([
    ['two tokens', 'Bearer aaa.bbb.ccc ddd'],
    ['a comma', 'Bearer aaa,bbb'],
    ['padding', 'Bearer aaa.bbb.ccc='],
    ['a tab', 'Bearer\taaa.bbb.ccc'],
    ['non-ASCII', 'Bearer aaé.bbb.ccc'],
    ['a token over 8 KiB', `Bearer ${'a'.repeat(8 * 1024 + 1)}`],
    ['a huge header', `Bearer ${'a'.repeat(100_000)}`],
  ])('reports a malformed token for %s', async (_label, header) => {
    expect(await reasonOf(header)).toBe('TOKEN_MALFORMED');
  });
});
