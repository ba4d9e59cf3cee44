import { describe, expect, it } from 'vitest';
import { conditionMatches, etagOf, parseCondition } from '../../src/shared/http/preconditions.js';
import { BadRequestError } from '../../src/shared/http/http-errors.js';
import { caught } from '../support/caught.js';

describe('etagOf', () => {
  it('quotes the version: a strong validator', () => {
    expect(etagOf(7)).toBe('"7"');
  });

  it('gives a tag that If-Match names back as its version', () => {
    expect(parseCondition(etagOf(42), 'strong')).toEqual([42]);
  });
});

describe('parseCondition', () => {
  it('reads no header as no condition', () => {
    expect(parseCondition(undefined, 'strong')).toBeUndefined();
  });

  it.each(['*', ' * '])('reads %j as any version', (header) => {
    expect(parseCondition(header, 'strong')).toBe('any');
  });

  it('reads one entity tag', () => {
    expect(parseCondition('"3"', 'strong')).toEqual([3]);
  });

  it('reads a list of entity tags, spaces and all', () => {
    expect(parseCondition(' "1" ,"2",   "10" ', 'strong')).toEqual([1, 2, 10]);
  });

  it('lets a weak tag match nothing in a strong comparison', () => {
    expect(parseCondition('W/"3", "4"', 'strong')).toEqual([4]);
  });

  it('lets a weak tag match its version in a weak comparison', () => {
    expect(parseCondition('W/"3", "4"', 'weak')).toEqual([3, 4]);
  });

  it.each(['"abc"', '"0"', '"03"', '"-1"', '"1.5"', '"12345678901"', '""'])('lets %s, which is no version of ours, match nothing', (header) => {
    expect(parseCondition(header, 'strong')).toEqual([]);
  });

  it.each(['3', '"3', 'W/3', '"3" "4"', '*, "3"', '"3";', 'w/"3"', '"a b"'])('refuses the malformed header %j', async (header) => {
    const error = await caught(() => parseCondition(header, 'strong'), BadRequestError);

    expect(error.code).toBe('BAD_REQUEST');
  });
});

describe('conditionMatches', () => {
  it('matches any version on *', () => {
    expect(conditionMatches('any', 9)).toBe(true);
  });

  it('matches a version the list names', () => {
    expect(conditionMatches([1, 2], 2)).toBe(true);
  });

  it('does not match a version the list leaves out', () => {
    expect(conditionMatches([1, 2], 3)).toBe(false);
  });

  it('matches nothing on an empty list', () => {
    expect(conditionMatches([], 1)).toBe(false);
  });
});
