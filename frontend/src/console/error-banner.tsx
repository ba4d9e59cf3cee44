import type { FormError } from '../api/index.js';

interface ErrorBannerProps {
  readonly error: FormError | null;
  /** Field paths the form shows inline; the banner lists messages for any other path. */
  readonly inlinePaths: readonly string[];
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

function Actions({ error, onRetry, onShowExisting }: Omit<ErrorBannerProps, 'inlinePaths'> & { readonly error: FormError }) {
  if (error.kind === 'conflict' && error.existingWorkflowId !== null) {
    const id = error.existingWorkflowId;
    return <button type="button" onClick={() => { onShowExisting(id); }}>Show the existing workflow</button>;
  }
  if (error.kind === 'network' || error.kind === 'unavailable' || error.kind === 'unreachable' || error.kind === 'in-progress') {
    return <button type="button" onClick={onRetry}>Try again</button>;
  }
  return null;
}

/** The form's general error: what went wrong as a whole, and what the user can do next. */
export function ErrorBanner({ error, inlinePaths, onRetry, onShowExisting }: ErrorBannerProps) {
  if (error === null) return null;
  const leftovers = leftoverMessages(error, inlinePaths);
  return (
    <div role="alert" className={`banner banner--${error.kind}`}>
      <strong>{HEADLINES[error.kind]}</strong> {error.kind === 'validation' || error.kind === 'conflict' ? null : error.message}
      {leftovers.length > 0 && (
        <ul>
          {leftovers.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {error.kind === 'other' && error.requestId !== null && <p className="hint">Request id: {error.requestId}</p>}
      <Actions error={error} onRetry={onRetry} onShowExisting={onShowExisting} />
    </div>
  );
}
