import { WORKFLOW_NAME_MAX_LENGTH } from './value-objects.js';

/** The names a copy of `name` tries in turn: "<name> (copy)", "<name> (copy 2)", … cut to fit. */
export function* copyNames(name: string, attempts: number): Generator<string> {
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const suffix = attempt === 1 ? ' (copy)' : ` (copy ${attempt})`;
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- names are measured in code points
    const base = [...name].slice(0, WORKFLOW_NAME_MAX_LENGTH - suffix.length).join('').trimEnd();
    yield `${base}${suffix}`;
  }
}
