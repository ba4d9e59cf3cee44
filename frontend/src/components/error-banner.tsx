import type { FormError } from '../api/index.js';

interface ErrorBannerProps {
  readonly error: FormError | null;
  /** Field paths the form shows inline; the banner lists messages for any other path. */
  readonly inlinePaths: readonly string[];
  /** Seconds before a rate-limited submit may be tried again, counted down by the form. */
  readonly retryIn?: number | undefined;
  readonly onRetry: () => void;
  readonly onShowExisting: (id: string) => void;
}

function leftoverMessages(error: FormError, inlinePaths: readonly string[]): string[] {
  if (error.kind !== 'validation') return [];
  return Object.entries(error.fields)
    .filter(([path]) => !inlinePaths.includes(path))
    .map(([path, message]) => `${path}: ${message}`);
}

const HEADLINES: Readonly<Record<FormError['kind'], string>> = {
  conflict: 'This name is taken.',
  'edit-conflict': 'Changed meanwhile.',
  'precondition-required': 'Version needed.',
  'invalid-transition': 'Not allowed now.',
  archived: 'Archived.',
  'in-progress': 'Still processing.',
  unreachable: 'Service unreachable.',
  validation: 'Please correct the highlighted fields.',
  'rate-limited': 'Slow down.',
  auth: 'Not allowed.',
  network: 'Offline?',
  unavailable: 'Service unavailable.',
  other: 'Something went wrong.',
};

/** The failures the same request may get past unchanged: "Try again" is offered for them. */
const RETRYABLE_KINDS: readonly FormError['kind'][] = ['network', 'unreachable', 'unavailable', 'in-progress'];

function Actions({ error, onRetry, onShowExisting }: Omit<ErrorBannerProps, 'inlinePaths' | 'retryIn'> & { readonly error: FormError }) {
  if (error.kind === 'conflict' && error.existingWorkflowId !== null) {
    const id = error.existingWorkflowId;
    return <button type="button" onClick={() => { onShowExisting(id); }}>Show the existing workflow</button>;
  }
  if (RETRYABLE_KINDS.includes(error.kind)) {
    return <button type="button" onClick={onRetry}>Try again</button>;
  }
  return null;
}

/**
 * A countdown is not read out each second: it is shown, and only "now" is announced, by a live
 * region that is in the page (empty) from the start, as screen readers announce changes, not arrivals.
 */
function RetryCountdown({ seconds }: { readonly seconds: number }) {
  return (
    <>
      {seconds > 0 && <p className="hint">You can try again in {seconds} s.</p>}
      <p role="status" className="retry-status">
        {seconds > 0 ? '' : 'You can try again now.'}
      </p>
    </>
  );
}

function messageOf(error: FormError, counting: boolean): string | null {
  if (error.kind === 'validation' || error.kind === 'conflict') return null;
  return error.kind === 'rate-limited' && counting ? 'Too many requests.' : error.message;
}

/**
 * The form's general error: what went wrong as a whole, and what the user can do next. It takes the
 * focus after a failed submit when no field is to blame (so it is focusable, not in the Tab order).
 */
export function ErrorBanner({ error, inlinePaths, retryIn, onRetry, onShowExisting }: ErrorBannerProps) {
  if (error === null) return null;
  const leftovers = leftoverMessages(error, inlinePaths);
  return (
    <div tabIndex={-1} className={`banner banner--${error.kind}`}>
      <p role="alert" className="banner-message">
        <strong>{HEADLINES[error.kind]}</strong> {messageOf(error, retryIn !== undefined)}
      </p>
      {leftovers.length > 0 && (
        <ul>
          {leftovers.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {error.kind === 'rate-limited' && retryIn !== undefined && <RetryCountdown seconds={retryIn} />}
      {error.kind === 'other' && error.requestId !== null && <p className="hint">Request id: {error.requestId}</p>}
      <Actions error={error} onRetry={onRetry} onShowExisting={onShowExisting} />
    </div>
  );
}


/** A read hook's answer, as far as its failure goes. */
interface Read {
  readonly formError: FormError | null;
  /** When the error last happened: a repeated failure is a new alert, so it is announced again. */
  readonly errorUpdatedAt: number;
  /** A retry is under way: the button says so and waits. */
  readonly isFetching: boolean;
  readonly refetch: () => Promise<unknown>;
}

/**
 * Why something could not be read, with "Try again" when trying again can help (no answer, the
 * service or the proxy in front of it unavailable); nothing while the read has not failed. The
 * query also retries on its own first.
 */
export function LoadError({ read }: { readonly read: Read }) {
  const error = read.formError;
  if (error === null) return null;
  return (
    <div className={`banner banner--${error.kind}`}>
      <p key={read.errorUpdatedAt} role="alert" className="banner-message">
        <strong>{HEADLINES[error.kind]}</strong> {error.message}
      </p>
      {RETRYABLE_KINDS.includes(error.kind) && (
        <button type="button" onClick={() => { void read.refetch(); }} disabled={read.isFetching}>
          {read.isFetching ? 'Trying…' : 'Try again'}
        </button>
      )}
    </div>
  );
}
