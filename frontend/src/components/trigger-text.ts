import type { Workflow } from '../api/index.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const isNumber = (field: string, max: number): boolean => /^\d{1,2}$/.test(field) && Number(field) <= max;
const pad = (field: string): string => field.padStart(2, '0');

/** A day-of-week field item (0–7 or SUN–SAT) as its index 0–6, or undefined. */
function dayIndex(item: string): number | undefined {
  const upper = item.toUpperCase();
  const named = (DAY_NAMES as readonly string[]).indexOf(upper);
  if (named !== -1) return named;
  if (/^[0-7]$/.test(upper)) return Number(upper) % 7;
  return undefined;
}

/** The days a day-of-week field names (lists and ranges), or undefined when it is not that simple. */
function daysOf(field: string): number[] | undefined {
  const days: number[] = [];
  for (const item of field.split(',')) {
    const [from, to, ...more] = item.split('-');
    if (from === undefined || more.length > 0) return undefined;
    const start = dayIndex(from);
    const end = to === undefined ? start : dayIndex(to);
    if (start === undefined || end === undefined) return undefined;
    // A range such as 1-7 or MON-SUN ends on Sunday: read 0 as 7 at the end.
    const last = to !== undefined && end < start ? end + 7 : end;
    for (let day = start; day <= last; day += 1) days.push(day % 7);
  }
  return [...new Set(days)].sort((a, b) => a - b);
}

const listed = (names: readonly string[]): string =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;

function dayText(days: readonly number[]): string {
  const key = days.join(',');
  if (key === '0,1,2,3,4,5,6') return 'every day';
  if (key === '1,2,3,4,5') return 'every weekday';
  if (key === '0,6') return 'every weekend day';
  // Monday first, as calendars here read.
  const ordered = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  return `every ${listed(ordered.map((day) => DAYS[day] ?? ''))}`;
}

/** `*`-hour shapes: every minute, every N minutes, hourly at :MM. */
function describeMinutes(minute: string): string | undefined {
  if (minute === '*' || minute === '*/1') return 'every minute';
  const every = /^\*\/(\d{1,2})$/.exec(minute);
  if (every?.[1] !== undefined) return `every ${String(Number(every[1]))} minutes`;
  return isNumber(minute, 59) ? `hourly at :${pad(minute)}` : undefined;
}

/** Once a day at a time: daily, on weekdays, or on listed days. */
function describeDaily(minute: string, hour: string, dayOfWeek: string): string | undefined {
  if (!isNumber(minute, 59) || !isNumber(hour, 23)) return undefined;
  const time = `${pad(hour)}:${pad(minute)}`;
  if (dayOfWeek === '*') return `daily at ${time}`;
  const days = daysOf(dayOfWeek);
  return days === undefined ? undefined : `${dayText(days)} at ${time}`;
}

type CronFields = readonly [minute: string, hour: string, dayOfMonth: string, month: string, dayOfWeek: string];

const isCronFields = (fields: readonly string[]): fields is CronFields => fields.length === 5;

/** A cron expression in words for its common shapes; anything else is shown as it is. */
export function describeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  const fallback = `cron ${fields.join(' ')}`;
  if (!isCronFields(fields)) return fallback;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (dayOfMonth !== '*' || month !== '*') return fallback;
  const words = hour === '*' && dayOfWeek === '*' ? describeMinutes(minute) : describeDaily(minute, hour, dayOfWeek);
  return words ?? fallback;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The trigger of a workflow as a sentence: what starts it. */
export function describeTrigger(workflow: Pick<Workflow, 'trigger_type' | 'trigger_config'>): string {
  const config: Readonly<Record<string, unknown>> = workflow.trigger_config;
  switch (workflow.trigger_type) {
    case 'schedule': {
      const cron = text(config.cron);
      const when = cron === undefined ? 'on a schedule' : describeCron(cron);
      return `${when} (${text(config.timezone) ?? 'UTC'})`;
    }
    case 'webhook':
      return `Webhook (${text(config.method) ?? 'POST'})`;
    case 'event':
      return `When ${text(config.event) ?? 'an event'} happens`;
    case 'manual':
      return 'Started by hand';
    case null:
      return 'No trigger yet';
  }
}
