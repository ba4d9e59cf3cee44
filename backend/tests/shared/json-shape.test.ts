import { describe, expect, it } from 'vitest';
import { jsonShapeViolation } from '../../src/shared/http/json-shape.js';

const nested = (levels: number, leaf = '1') => `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;

describe('JSON shape: nesting depth', () => {
  it('allows objects nested exactly the limit below the top level', () => {
    expect(jsonShapeViolation(nested(33), 32)).toBeUndefined();
  });

  it('names the member that goes one level past the limit', () => {
    expect(jsonShapeViolation(nested(34), 32)).toEqual({ rule: 'too-deep', path: Array.from({ length: 33 }, () => 'a').join('.') });
  });

  it('counts arrays as levels and names their indexes', () => {
    const text = `{"steps":[1,${'['.repeat(3)}0${']'.repeat(3)}]}`;

    expect(jsonShapeViolation(text, 3)).toEqual({ rule: 'too-deep', path: 'steps.1.0.0' });
  });

  it('stops at the limit however deep the text goes, without exhausting the stack', () => {
    const text = `{"trigger_config":${nested(100_000)}}`;

    expect(jsonShapeViolation(text, 32)?.rule).toBe('too-deep');
  });

  it('does not count brackets and braces inside strings', () => {
    expect(jsonShapeViolation(`{"a":"${'{['.repeat(50)}","b":["\\"{"]}`, 2)).toBeUndefined();
  });

  it('applies to a top-level array as to an object', () => {
    expect(jsonShapeViolation('[[[1]]]', 1)).toEqual({ rule: 'too-deep', path: '0.0' });
  });
});

describe('JSON shape: repeated member names', () => {
  it('refuses a name given twice in one object', () => {
    expect(jsonShapeViolation('{"name":"a","name":"b"}', 32)).toEqual({ rule: 'repeated-member', path: 'name' });
  });

  it('compares names after unescaping them', () => {
    expect(jsonShapeViolation('{"name":"a","n\\u0061me":"b"}', 32)).toEqual({ rule: 'repeated-member', path: 'name' });
  });

  it('names a repeated member deep in the body by its path', () => {
    expect(jsonShapeViolation('{"trigger_config":{"cron":"* * * * *","list":[{"x":1},{"x":1,"x":2}]}}', 32)).toEqual({
      rule: 'repeated-member',
      path: 'trigger_config.list.1.x',
    });
  });

  it('allows the same name in different objects, and as a value', () => {
    expect(jsonShapeViolation('{"a":{"a":"a"},"b":{"a":["a","a"]},"c":"a"}', 32)).toBeUndefined();
  });

  it('tells names with escaped quotes and backslashes apart', () => {
    expect(jsonShapeViolation('{"a\\"":1,"a\\\\":2,"a":3}', 32)).toBeUndefined();
  });

  it('accepts scalars, empty objects and empty arrays', () => {
    for (const text of ['1', '"x"', 'null', '{}', '[]', '{"a":[],"b":{}}']) expect(jsonShapeViolation(text, 32)).toBeUndefined();
  });
});
