import { describe, expect, it } from 'vitest';
import { canonicalJson, mergePatch } from '../../../src/workflows/domain/merge-patch.js';

describe('mergePatch', () => {
  // RFC 7396, Appendix A: every example, as JSON texts.
  it.each([
    ['{"a":"b"}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"b"}', '{"b":"c"}', '{"a":"b","b":"c"}'],
    ['{"a":"b"}', '{"a":null}', '{}'],
    ['{"a":"b","b":"c"}', '{"a":null}', '{"b":"c"}'],
    ['{"a":["b"]}', '{"a":"c"}', '{"a":"c"}'],
    ['{"a":"c"}', '{"a":["b"]}', '{"a":["b"]}'],
    ['{"a":{"b":"c"}}', '{"a":{"b":"d","c":null}}', '{"a":{"b":"d"}}'],
    ['{"a":[{"b":"c"}]}', '{"a":[1]}', '{"a":[1]}'],
    ['["a","b"]', '["c","d"]', '["c","d"]'],
    ['{"a":"b"}', '["c"]', '["c"]'],
    ['{"a":"foo"}', 'null', 'null'],
    ['{"a":"foo"}', '"bar"', '"bar"'],
    ['{"e":null}', '{"a":1}', '{"e":null,"a":1}'],
    ['[1,2]', '{"a":"b","c":null}', '{"a":"b"}'],
    ['{}', '{"a":{"bb":{"ccc":null}}}', '{"a":{"bb":{}}}'],
  ])('patches %s with %s into %s (RFC 7396 appendix A)', (target, patch, result) => {
    expect(mergePatch(JSON.parse(target), JSON.parse(patch))).toEqual(JSON.parse(result));
  });

  it('applies the example of RFC 7396 section 3', () => {
    const target = { title: 'Goodbye!', author: { givenName: 'John', familyName: 'Doe' }, tags: ['example', 'sample'], content: 'This will be unchanged' };
    const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };

    const patched = mergePatch(target, patch);

    expect(patched).toEqual({ title: 'Hello!', author: { givenName: 'John' }, tags: ['example'], content: 'This will be unchanged', phoneNumber: '+01-123-456-7890' });
  });

  it('leaves the target untouched', () => {
    const target = { a: { b: 'c' }, d: 'e' };

    mergePatch(target, { a: { b: null, x: 1 }, d: null });

    expect(target).toEqual({ a: { b: 'c' }, d: 'e' });
  });

  it('keeps a "__proto__" member as data, changing no prototype', () => {
    const patch: unknown = JSON.parse('{"__proto__":{"polluted":true},"a":1}');

    const patched = mergePatch({}, patch) as Record<string, unknown>;

    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
    expect(Object.keys(patched)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('canonicalJson', () => {
  it('gives the same text whatever the order of members, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('sorts members and writes no spaces', () => {
    expect(canonicalJson({ b: 'x', a: [true, 1.5, null] })).toBe('{"a":[true,1.5,null],"b":"x"}');
  });

  it('keeps the order of array items', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('tells a number from the string of its digits', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ 'k"ey': 'line\nbreak' })).toBe('{"k\\"ey":"line\\nbreak"}');
  });

  it('writes an absent value as null', () => {
    expect(canonicalJson(undefined)).toBe('null');
  });
});
