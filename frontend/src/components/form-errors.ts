import { useEffect, useRef, useState, type RefObject } from 'react';
import { isApiError, type FormError } from '../api/index.js';

/**
 * A path is covered by an edited one when it is that path or lies under it: editing the trigger
 * type (`trigger_config`) covers `trigger_config.cron`.
 */
const covers = (edited: string, path: string): boolean => path === edited || path.startsWith(`${edited}.`);

/**
 * The form error as it should show now: a field's message goes once that field is edited (and with
 * it `aria-invalid`), and a field error with no field left to fix goes entirely.
 */
export function visibleError(error: FormError | null, edited: ReadonlySet<string>): FormError | null {
  if (error === null || (error.kind !== 'validation' && error.kind !== 'conflict')) return error;
  const fields = Object.fromEntries(Object.entries(error.fields).filter(([path]) => ![...edited].some((done) => covers(done, path))));
  return Object.keys(fields).length === 0 ? null : { ...error, fields };
}

/** The wire paths the user edited since the last submit. */
export function useEditedPaths() {
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  return {
    edited,
    mark: (paths: readonly string[]) => {
      if (paths.length > 0) setEdited((current) => new Set([...current, ...paths]));
    },
    clear: () => {
      setEdited(new Set());
    },
  };
}

/** Whether the user is somewhere other than this form (the page itself, with nothing focused, is nowhere). */
function focusIsElsewhere(form: HTMLElement | null): boolean {
  const active = document.activeElement;
  return active !== null && active !== document.body && form?.contains(active) !== true;
}

/**
 * After a failed submit the focus moves to the first field the server refused or, with none, to the
 * form's banner: a keyboard or screen reader user lands on what to fix, not on a disabled button.
 * A failure that arrives after the user went elsewhere (retries take seconds) leaves the focus there.
 */
export function useFocusOnFailure(form: RefObject<HTMLElement | null>, failure: unknown): void {
  useEffect(() => {
    if (failure === null || failure === undefined) return;
    if (focusIsElsewhere(form.current)) return;
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current?.querySelector<HTMLElement>('.banner');
    target?.focus();
  }, [form, failure]);
}

/** Seconds left before a rate-limited submit may be tried again (0: now), counted down once a second. */
export function useRetryCountdown() {
  const [remaining, setRemaining] = useState(0);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => { window.clearInterval(timer.current); }, []);
  return {
    remaining,
    /** Starts counting when `error` is a 429, from its Retry-After (1 s when it names none). */
    onError: (error: unknown) => {
      if (!isApiError(error) || error.status !== 429) return;
      window.clearInterval(timer.current);
      const until = Date.now() + (error.retryAfterSeconds ?? 1) * 1000;
      const tick = () => {
        const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
        setRemaining(left);
        if (left === 0) window.clearInterval(timer.current);
      };
      tick();
      timer.current = window.setInterval(tick, 250);
    },
  };
}
