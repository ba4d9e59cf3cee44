import { describe, it, expect } from 'vitest';

import { parseCron } from '../../../src/workflows/domain/cron.js';
import { InvalidTriggerConfigError } from '../../../src/workflows/domain/exceptions.js';
import { caught } from '../../support/caught.js';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

const cronError = (expression: string) => caught(() => parseCron(expression), InvalidTriggerConfigError);

describe('parseCron', () => {
  it('parses every quarter hour during office hours on weekdays', () => {
    const schedule = parseCron('*/15 9-17 * * MON-FRI');

    expect(schedule).toEqual({
      expression: '*/15 9-17 * * MON-FRI',
      minute: [0, 15, 30, 45],
      hour: range(9, 17),
      dayOfMonth: range(1, 31),
      month: range(1, 12),
      dayOfWeek: [1, 2, 3, 4, 5],
      dayMatch: 'both',
    });
  });

  it('reads a month name', () => {
    const schedule = parseCron('0 0 1 JAN *');

    expect(schedule).toMatchObject({ minute: [0], hour: [0], dayOfMonth: [1], month: [1], dayOfWeek: range(0, 6) });
  });

  it('reads names in any case', () => {
    const schedule = parseCron('0 0 * jun-Aug sun,sat');

    expect(schedule).toMatchObject({ month: [6, 7, 8], dayOfWeek: [0, 6] });
  });

  it('reads 7 as Sunday', () => {
    const schedule = parseCron('0 0 * * 7');

    expect(schedule.dayOfWeek).toEqual([0]);
  });

  it('folds a range ending on 7 into Sunday', () => {
    const schedule = parseCron('0 0 * * 5-7');

    expect(schedule.dayOfWeek).toEqual([0, 5, 6]);
  });

  it('sorts a list and drops duplicates', () => {
    const schedule = parseCron('30,5,30,10 0 * * 0,7');

    expect(schedule).toMatchObject({ minute: [5, 10, 30], dayOfWeek: [0] });
  });

  it('steps through a range', () => {
    const schedule = parseCron('10-30/10 * * * *');

    expect(schedule.minute).toEqual([10, 20, 30]);
  });

  it('steps from a start value to the end of the field', () => {
    const schedule = parseCron('5/20 * 10/10 * *');

    expect(schedule).toMatchObject({ minute: [5, 25, 45], dayOfMonth: [10, 20, 30] });
  });

  it('accepts a step as large as the field', () => {
    const schedule = parseCron('*/60 * * * *');

    expect(schedule.minute).toEqual([0]);
  });

  it('normalises the spacing of the expression', () => {
    const schedule = parseCron('  */5   *\t* *  *  ');

    expect(schedule.expression).toBe('*/5 * * * *');
  });

  it('reports its errors on the cron field of the trigger configuration', async () => {
    const error = await cronError('60 * * * *');

    expect(error).toMatchObject({ code: 'WORKFLOW_TRIGGER_CONFIG_INVALID', field: 'triggerConfig.cron' });
  });

  it.each([
    ['60 * * * *', 'minute field: 60 is out of range 0-59'],
    ['* 24 * * *', 'hour field: 24 is out of range 0-23'],
    ['* * 0 * *', 'day-of-month field: 0 is out of range 1-31'],
    ['* * 32 * *', 'day-of-month field: 32 is out of range 1-31'],
    ['* * * 13 *', 'month field: 13 is out of range 1-12'],
    ['* * * 0 *', 'month field: 0 is out of range 1-12'],
    ['* * * * 8', 'day-of-week field: 8 is out of range 0-7'],
    ['* * 1-40 * *', 'day-of-month field: 40 is out of range 1-31'],
  ])('refuses the out-of-range value in "%s"', async (expression, message) => {
    const error = await cronError(expression);

    expect(error.message).toBe(message);
  });

  it.each([
    ['* * *', 3],
    ['* * * *', 4],
    ['* * * * * *', 6],
    ['', 0],
    ['   ', 0],
  ])('refuses "%s", which does not have 5 fields', async (expression, count) => {
    const error = await cronError(expression);

    expect(error.message).toBe(
      `a cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has ${count}`,
    );
  });

  it('refuses a step of 0', async () => {
    const error = await cronError('*/0 * * * *');

    expect(error.message).toBe('minute field: step must be at least 1');
  });

  it('refuses a step larger than the field', async () => {
    const error = await cronError('* */25 * * *');

    expect(error.message).toBe("hour field: step 25 is larger than the field's 24 values");
  });

  it.each(['*/', '*/x', '*/-1', '*/1.5'])('refuses the malformed step in "%s"', async (minute) => {
    const error = await cronError(`${minute} * * * *`);

    expect(error.message).toMatch(/^minute field: step ".*" is not a whole number$/);
  });

  it('refuses more than one step', async () => {
    const error = await cronError('*/5/2 * * * *');

    expect(error.message).toBe('minute field: "*/5/2" has more than one step');
  });

  it('refuses a reversed range', async () => {
    const error = await cronError('5-1 * * * *');

    expect(error.message).toBe('minute field: range 5-1 is reversed; write the smaller value first');
  });

  it('refuses a day range that wraps past Saturday', async () => {
    const error = await cronError('0 0 * * SAT-SUN');

    expect(error.message).toBe('day-of-week field: range SAT-SUN is reversed; write the smaller value first');
  });

  it.each(['1-', '-1', '1-2-3'])('refuses the malformed range or value "%s"', async (minute) => {
    const error = await cronError(`${minute} * * * *`);

    expect(error.message).toMatch(/^minute field: ".*" is not a value or a range like 1-5$/);
  });

  it('refuses a step without a start', async () => {
    const error = await cronError('/5 * * * *');

    expect(error.message).toBe('minute field: a step needs * or a start value before the "/"');
  });

  it('refuses an empty item in a list', async () => {
    const error = await cronError('1,,2 * * * *');

    expect(error.message).toBe('minute field: a comma-separated list has an empty item');
  });

  it('refuses a trailing comma', () => {
    const action = () => parseCron('1, * * * *');

    expect(action).toThrow(InvalidTriggerConfigError);
  });

  it('refuses a macro such as @daily', async () => {
    const error = await cronError('@daily');

    expect(error.message).toBe(
      'macros like @daily are not supported; write the 5 fields (minute hour day-of-month month day-of-week), e.g. "0 0 * * *"',
    );
  });

  it('refuses a name in a field that has no names', async () => {
    const error = await cronError('MON * * * *');

    expect(error.message).toBe('minute field: "MON" is not a number');
  });

  it('refuses an unknown month name and says which names exist', async () => {
    const error = await cronError('0 0 1 JANUARY *');

    expect(error.message).toBe('month field: "JANUARY" is not a number or a month name JAN-DEC');
  });

  it('refuses an unknown day name and says which names exist', async () => {
    const error = await cronError('0 0 * * MONDAY');

    expect(error.message).toBe('day-of-week field: "MONDAY" is not a number or a day name SUN-SAT');
  });

  it.each(['?', 'L', '1#2', '15W', '+5', '*-5', '٣'])('refuses the non-standard syntax "%s"', (token) => {
    const action = () => parseCron(`0 0 ${token} * *`);

    expect(action).toThrow(InvalidTriggerConfigError);
  });
});

describe('parseCron length bound', () => {
  it('accepts 256 characters, spaces included, and refuses 257', async () => {
    const schedule = parseCron('0 0 * * *'.padEnd(256));
    const error = await cronError('0 0 * * *'.padEnd(257));

    expect(schedule.expression).toBe('0 0 * * *');
    expect(error.message).toBe('a cron expression has at most 256 characters; this one has 257');
  });

  it('refuses an expression over 256 characters before reading its fields', async () => {
    const error = await cronError('* '.repeat(200));

    expect(error).toMatchObject({ code: 'WORKFLOW_TRIGGER_CONFIG_INVALID', field: 'triggerConfig.cron' });
    expect(error.message).toBe('a cron expression has at most 256 characters; this one has 400');
  });

  it('counts characters, not UTF-16 units, in an oversized expression', async () => {
    const error = await cronError('\u{1F680}'.repeat(300));

    expect(error.message).toBe('a cron expression has at most 256 characters; this one has 300');
  });
});

describe('parseCron day matching', () => {
  it('requires both day fields when day-of-week starts with *', () => {
    const schedule = parseCron('0 0 1 * *');

    expect(schedule.dayMatch).toBe('both');
  });

  it('requires both day fields when day-of-month is a stepped *', () => {
    const schedule = parseCron('0 0 */2 * MON');

    expect(schedule).toMatchObject({ dayOfMonth: range(1, 31).filter((day) => day % 2 === 1), dayMatch: 'both' });
  });

  it('matches either day field when both are restricted', () => {
    const schedule = parseCron('0 0 1,15 * MON');

    expect(schedule.dayMatch).toBe('either');
  });
});

describe('parseCron schedules that never run', () => {
  it.each([
    ['0 0 31 2 *', 'February has no day 31'],
    ['0 0 30 2 *', 'February has no day 30'],
    ['0 0 30,31 FEB *', 'February has no day 30 or 31'],
    ['0 0 31 4,6,9,11 *', 'April, June, September and November have no day 31'],
    ['0 0 31 APR-JUN/2 *', 'April and June have no day 31'],
    ['0 0 31 2 */2', 'February has no day 31'],
  ])('refuses "%s"', async (expression, reason) => {
    const error = await cronError(expression);

    expect(error).toMatchObject({ code: 'WORKFLOW_TRIGGER_CONFIG_INVALID', field: 'triggerConfig.cron' });
    expect(error.message).toBe(`this schedule never runs: ${reason}`);
  });

  it('accepts the 29th of February, which comes in leap years', () => {
    const schedule = parseCron('0 0 29 2 *');

    expect(schedule).toMatchObject({ dayOfMonth: [29], month: [2], dayMatch: 'both' });
  });

  it('accepts the 31st when one listed month has it', () => {
    const schedule = parseCron('0 0 31 2,3 *');

    expect(schedule).toMatchObject({ dayOfMonth: [31], month: [2, 3], dayMatch: 'both' });
  });

  it('accepts the 31st of February or any Monday, which fires every Monday of February', () => {
    const schedule = parseCron('0 0 31 2 MON');

    expect(schedule).toMatchObject({ dayOfMonth: [31], month: [2], dayOfWeek: [1], dayMatch: 'either' });
  });
});
