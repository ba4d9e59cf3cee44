import { InvalidTriggerConfigError } from './exceptions.js';

/** The minutes, hours, … at which a 5-field cron expression fires; each list sorted, no duplicates. */
export interface CronSchedule {
  /** The expression trimmed, its fields separated by single spaces. */
  readonly expression: string;
  readonly minute: readonly number[];
  readonly hour: readonly number[];
  readonly dayOfMonth: readonly number[];
  readonly month: readonly number[];
  /** 0 is Sunday; a 7 in the expression is folded into 0. */
  readonly dayOfWeek: readonly number[];
  /**
   * How the two day fields combine, as in Vixie cron: `either` when neither starts with `*` (a day
   * matches when one of them does), `both` otherwise.
   */
  readonly dayMatch: 'both' | 'either';
}

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Upper-case names, the first standing for `min`. */
  readonly names: readonly string[];
  readonly namesHint: string;
  readonly sevenIsSunday: boolean;
}

const FIELD_ORDER = 'minute hour day-of-month month day-of-week';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_NAMES = 'January February March April May June July August September October November December'.split(' ');
// February counts 29 days: a leap year comes round, so the 29th does fire.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function fieldSpec(label: string, min: number, max: number, named: Partial<FieldSpec> = {}): FieldSpec {
  return { label, min, max, names: [], namesHint: '', sevenIsSunday: false, ...named };
}

const MINUTE = fieldSpec('minute', 0, 59);
const HOUR = fieldSpec('hour', 0, 23);
const DAY_OF_MONTH = fieldSpec('day-of-month', 1, 31);
const MONTH = fieldSpec('month', 1, 12, { names: MONTHS, namesHint: ' or a month name JAN-DEC' });
// 7 is accepted as Sunday because both conventions are common.
const DAY_OF_WEEK = fieldSpec('day-of-week', 0, 7, {
  names: DAYS,
  namesHint: ' or a day name SUN-SAT',
  sevenIsSunday: true,
});

const DIGITS = /^\d+$/;
export const MAX_EXPRESSION_LENGTH = 256;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

function fail(message: string): never {
  throw new InvalidTriggerConfigError('triggerConfig.cron', message);
}

function fieldError(spec: FieldSpec, message: string): never {
  return fail(`${spec.label} field: ${message}`);
}

function splitOnce(text: string, separator: string): readonly [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function parseValue(spec: FieldSpec, token: string): number {
  const named = spec.names.indexOf(token.toUpperCase());
  if (named !== -1) return spec.min + named;
  if (!DIGITS.test(token)) {
    return fieldError(spec, `"${token}" is not a number${spec.namesHint}`);
  }
  const value = Number(token);
  if (value < spec.min || value > spec.max) {
    return fieldError(spec, `${token} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseStep(spec: FieldSpec, token: string): number {
  if (!DIGITS.test(token)) return fieldError(spec, `step "${token}" is not a whole number`);
  const step = Number(token);
  const span = spec.max - spec.min + 1;
  if (step === 0) return fieldError(spec, 'step must be at least 1');
  if (step > span) return fieldError(spec, `step ${token} is larger than the field's ${span} values`);
  return step;
}

/** Start and end of `*`, `a`, `a-b`; a lone `a` with a step runs to the field's end. */
function parseBounds(spec: FieldSpec, base: string, stepped: boolean): readonly [number, number] {
  if (base === '*') return [spec.min, spec.max];
  if (base === '') return fieldError(spec, 'a step needs * or a start value before the "/"');
  const [startToken, endToken] = splitOnce(base, '-');
  if (startToken === '' || endToken === '' || endToken?.includes('-') === true) {
    return fieldError(spec, `"${base}" is not a value or a range like 1-5`);
  }
  const start = parseValue(spec, startToken);
  const end = endToken === undefined ? (stepped ? spec.max : start) : parseValue(spec, endToken);
  if (start > end) return fieldError(spec, `range ${base} is reversed; write the smaller value first`);
  return [start, end];
}

function parsePart(spec: FieldSpec, part: string): number[] {
  if (part === '') return fieldError(spec, 'a comma-separated list has an empty item');
  const [base, stepToken] = splitOnce(part, '/');
  if (stepToken?.includes('/') === true) return fieldError(spec, `"${part}" has more than one step`);
  const step = stepToken === undefined ? 1 : parseStep(spec, stepToken);
  const [start, end] = parseBounds(spec, base, stepToken !== undefined);
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(value);
  return values;
}

function parseField(spec: FieldSpec, field: string): number[] {
  const values = field.split(',').flatMap((part) => parsePart(spec, part));
  const folded = spec.sevenIsSunday ? values.map((day) => day % 7) : values;
  return [...new Set(folded)].sort((a, b) => a - b);
}

type FiveFields = readonly [string, string, string, string, string];

function hasFiveFields(fields: readonly string[]): fields is FiveFields {
  return fields.length === 5;
}

function splitFields(expression: string): FiveFields {
  const trimmed = expression.trim();
  const fields = trimmed === '' ? [] : trimmed.split(/\s+/);
  const macro = fields.find((field) => field.startsWith('@'));
  if (macro !== undefined) {
    return fail(`macros like ${macro} are not supported; write the 5 fields (${FIELD_ORDER}), e.g. "0 0 * * *"`);
  }
  if (!hasFiveFields(fields)) {
    return fail(`a cron expression has 5 fields (${FIELD_ORDER}); this one has ${fields.length}`);
  }
  return fields;
}

// Checked before splitting, so an oversized body costs nothing to refuse.
function checkLength(expression: string): void {
  if (expression.length <= MAX_EXPRESSION_LENGTH) return;
  const length = expression.length - (expression.match(SURROGATE_PAIR)?.length ?? 0);
  if (length > MAX_EXPRESSION_LENGTH) {
    fail(`a cron expression has at most ${MAX_EXPRESSION_LENGTH} characters; this one has ${length}`);
  }
}

function listWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  const last = words.at(-1) ?? '';
  return words.length < 2 ? last : `${words.slice(0, -1).join(', ')} ${conjunction} ${last}`;
}

/**
 * Any listed weekday comes round in every month, so an `either` schedule always fires; a `both`
 * one fires when some listed month has some listed day, whatever weekday it falls on in some year.
 */
function checkFires(schedule: CronSchedule): void {
  if (schedule.dayMatch === 'either') return;
  const longestMonth = Math.max(...schedule.month.map((month) => DAYS_IN_MONTH[month - 1] ?? 0));
  if ((schedule.dayOfMonth[0] ?? 1) <= longestMonth) return;
  const months = listWords(schedule.month.map((month) => MONTH_NAMES[month - 1] ?? String(month)), 'and');
  const days = listWords(schedule.dayOfMonth.map(String), 'or');
  fail(`this schedule never runs: ${months} ${schedule.month.length === 1 ? 'has' : 'have'} no day ${days}`);
}

/**
 * Parses a standard 5-field cron expression, refusing anything a scheduler could misread and
 * any schedule that would never fire.
 */
export function parseCron(expression: string): CronSchedule {
  checkLength(expression);
  const fields = splitFields(expression);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const schedule: CronSchedule = {
    expression: fields.join(' '),
    minute: parseField(MINUTE, minute),
    hour: parseField(HOUR, hour),
    dayOfMonth: parseField(DAY_OF_MONTH, dayOfMonth),
    month: parseField(MONTH, month),
    dayOfWeek: parseField(DAY_OF_WEEK, dayOfWeek),
    dayMatch: dayOfMonth.startsWith('*') || dayOfWeek.startsWith('*') ? 'both' : 'either',
  };
  checkFires(schedule);
  return schedule;
}
