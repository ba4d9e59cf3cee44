import type { DomainError } from '../../shared/errors.js';
import type { Brand } from '../../shared/ids.js';
import { foldCase } from './case-folding.js';
import { canonicalTimeZone } from './time-zone.js';
import { parseCron } from './cron.js';
import {
  captureIssues,
  InvalidTriggerConfigError,
  InvalidTriggerTypeError,
  WorkflowDescriptionInvalidCharactersError,
  WorkflowDescriptionTooLongError,
  WorkflowInvalidError,
  WorkflowNameBlankError,
  WorkflowNameInvalidCharactersError,
  WorkflowNameTooLongError,
  WorkflowNameTooShortError,
} from './exceptions.js';

export type WorkflowName = Brand<string, 'WorkflowName'>;
export type WorkflowNameKey = Brand<string, 'WorkflowNameKey'>;
export type WorkflowDescription = Brand<string, 'WorkflowDescription'>;

export const WORKFLOW_NAME_MAX_LENGTH = 100;
export const WORKFLOW_DESCRIPTION_MAX_LENGTH = 2000;

const SPACE_SEPARATOR = /\p{Zs}/gu;
// Invisible or unrenderable characters let two names look identical yet differ.
const NAME_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
// Hangul fillers are letters and the braille blank a symbol, yet all render as nothing.
const VISIBLE = /(?![\p{Default_Ignorable_Code_Point}\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;
// Bidirectional embeddings, overrides and isolates reorder the text shown around them, so a
// description could display as something other than what it says ("Trojan Source"). The marks
// U+200E, U+200F and U+061C, and right-to-left scripts themselves, stay allowed.
const DESCRIPTION_FORBIDDEN = /\p{Cs}|(?![\n\r\t])\p{Cc}|[\u202A-\u202E\u2066-\u2069]/u;

function firstMatch(text: string, pattern: RegExp): number | undefined {
  return pattern.exec(text)?.[0].codePointAt(0);
}

function codePointLength(text: string): number {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- the contract counts code points, not graphemes
  return [...text].length;
}

/** NFC, every Unicode space as one plain space, trimmed; 1–100 code points, at least one of them visible. */
export function parseWorkflowName(raw: string): WorkflowName {
  const spaced = raw.normalize('NFC').replace(SPACE_SEPARATOR, ' ');
  const forbidden = firstMatch(spaced, NAME_FORBIDDEN);
  if (forbidden !== undefined) throw new WorkflowNameInvalidCharactersError(forbidden);
  const name = spaced.replace(/ {2,}/g, ' ').trim();
  const length = codePointLength(name);
  if (length === 0) throw new WorkflowNameTooShortError(1);
  if (!VISIBLE.test(name)) throw new WorkflowNameBlankError();
  if (length > WORKFLOW_NAME_MAX_LENGTH) throw new WorkflowNameTooLongError(WORKFLOW_NAME_MAX_LENGTH, length);
  return name as WorkflowName;
}

/**
 * What names are compared by: full case folding of the NFKC form, so "straße" matches "STRASSE"
 * and "ＡＢＣ" matches "abc" whatever the database's locale. Folding can undo a composition
 * ("ΐ" folds to ι + two marks), so the result is normalised again: canonically equivalent
 * names always share a key.
 */
export function workflowNameKey(name: WorkflowName): WorkflowNameKey {
  return foldCase(name.normalize('NFKC')).normalize('NFKC') as WorkflowNameKey;
}

/** NFC, at most 2000 code points; line breaks and tabs kept as written. */
export function parseWorkflowDescription(raw: string): WorkflowDescription {
  const description = raw.normalize('NFC');
  const forbidden = firstMatch(description, DESCRIPTION_FORBIDDEN);
  if (forbidden !== undefined) throw new WorkflowDescriptionInvalidCharactersError(forbidden);
  const length = codePointLength(description);
  if (length > WORKFLOW_DESCRIPTION_MAX_LENGTH) {
    throw new WorkflowDescriptionTooLongError(WORKFLOW_DESCRIPTION_MAX_LENGTH, length);
  }
  return description as WorkflowDescription;
}

export const WORKFLOW_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const TRIGGER_TYPES = ['manual', 'webhook', 'schedule', 'event'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

export type EmptyConfig = Readonly<Record<string, never>>;

export type Trigger =
  | { readonly type: null; readonly config: EmptyConfig }
  | { readonly type: 'manual'; readonly config: EmptyConfig }
  | { readonly type: 'webhook'; readonly config: { readonly method: WebhookMethod } }
  | { readonly type: 'schedule'; readonly config: { readonly cron: string; readonly timezone: string } }
  | { readonly type: 'event'; readonly config: { readonly event: string } };

type Config = Readonly<Record<string, unknown>>;
type Issues = DomainError[];

export const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
export const EVENT_NAME_MAX_LENGTH = 100;

const ALLOWED_KEYS: Readonly<Record<TriggerType | 'none', readonly string[]>> = {
  none: [],
  manual: [],
  webhook: ['method'],
  schedule: ['cron', 'timezone'],
  event: ['event'],
};

function configError(key: string, message: string): InvalidTriggerConfigError {
  return new InvalidTriggerConfigError(`triggerConfig.${key}`, message);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function readString(config: Config, key: string, fallback?: string): string {
  const value = Object.hasOwn(config, key) ? config[key] : undefined;
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined) throw configError(key, `${key} is required`);
  if (typeof value !== 'string') throw configError(key, `${key} must be a string, not ${describeType(value)}`);
  return value;
}

function readMethod(config: Config): WebhookMethod {
  const method = readString(config, 'method', 'POST');
  const known = WEBHOOK_METHODS.find((candidate) => candidate === method);
  if (known === undefined) throw configError('method', `method must be one of ${WEBHOOK_METHODS.join(', ')}`);
  return known;
}

function readTimezone(config: Config): string {
  const canonical = canonicalTimeZone(readString(config, 'timezone', 'UTC'));
  if (canonical === undefined) {
    throw configError('timezone', 'timezone must be an IANA time zone name such as "Europe/Paris" or "UTC"');
  }
  return canonical;
}

function readEvent(config: Config): string {
  const event = readString(config, 'event');
  if (event.length > EVENT_NAME_MAX_LENGTH) {
    throw configError('event', `event must have at most ${EVENT_NAME_MAX_LENGTH} characters`);
  }
  if (!EVENT_NAME.test(event)) {
    throw configError('event', 'event must be dotted lower-case words such as "invoice.paid"');
  }
  return event;
}

type ConfigParser = (config: Config, issues: Issues) => Trigger | undefined;

const CONFIG_PARSERS: Readonly<Record<TriggerType | 'none', ConfigParser>> = {
  none: () => ({ type: null, config: {} }),
  manual: () => ({ type: 'manual', config: {} }),
  webhook: (config, issues) => {
    const method = captureIssues(issues, () => readMethod(config));
    return method === undefined ? undefined : { type: 'webhook', config: { method } };
  },
  schedule: (config, issues) => {
    const cron = captureIssues(issues, () => parseCron(readString(config, 'cron')).expression);
    const timezone = captureIssues(issues, () => readTimezone(config));
    return cron === undefined || timezone === undefined ? undefined : { type: 'schedule', config: { cron, timezone } };
  },
  event: (config, issues) => {
    const event = captureIssues(issues, () => readEvent(config));
    return event === undefined ? undefined : { type: 'event', config: { event } };
  },
};

function unknownKeys(kind: TriggerType | 'none', config: Config): Issues {
  const allowed = ALLOWED_KEYS[kind];
  const accepted = allowed.length === 0 ? 'no configuration' : `only ${allowed.join(', ')}`;
  const subject = kind === 'none' ? 'a workflow without a trigger' : `a ${kind} trigger`;
  return Object.keys(config)
    .filter((key) => !allowed.includes(key))
    .map((key) => configError(key, `unknown key "${key}": ${subject} takes ${accepted}`));
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function triggerKind(type: string | null): TriggerType | 'none' {
  if (type === null) return 'none';
  const known = TRIGGER_TYPES.find((candidate) => candidate === type);
  if (known === undefined) throw new WorkflowInvalidError([new InvalidTriggerTypeError(type, TRIGGER_TYPES)]);
  return known;
}

/** Checks `config` (untrusted JSON) against the trigger type, reporting every problem at once. */
export function parseTrigger(type: string | null, config: Config): Trigger {
  const kind = triggerKind(type);
  if (!isPlainObject(config)) {
    const issue = new InvalidTriggerConfigError('triggerConfig', 'trigger configuration must be an object');
    throw new WorkflowInvalidError([issue]);
  }
  const issues = unknownKeys(kind, config);
  const trigger = CONFIG_PARSERS[kind](config, issues);
  if (trigger === undefined || issues.length > 0) throw new WorkflowInvalidError(issues);
  return trigger;
}

/** What a name search compares: the query folded like names are, so it finds "Straße" with "STRASSE". */
export function workflowSearchKey(query: string): string {
  return workflowNameKey(query.normalize('NFC').replace(SPACE_SEPARATOR, ' ').replace(/ {2,}/g, ' ') as WorkflowName);
}
