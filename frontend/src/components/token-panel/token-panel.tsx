import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { toFormError } from '../../api/index.js';
import { Field } from '../field.js';
import { useEditedPaths, useFocusOnFailure, visibleError } from '../form-errors.js';
import { useDevTokenAvailable, useMintDevToken } from './dev-token.js';
import { checkToken, expiryOf, normalizeToken, tokenMessage } from './token-check.js';

interface TokenPanelProps {
  readonly token: string;
  readonly onToken: (token: string) => void;
}

interface DevTokenValues {
  readonly org: string;
  readonly user: string;
}

/** Asks the dev issuer for a token; Enter in either field submits, and a refused field says why under it. */
function DevTokenForm({ token, onToken }: TokenPanelProps) {
  const [values, setValues] = useState<DevTokenValues>({ org: 'acme', user: 'alice' });
  const mint = useMintDevToken();
  const edits = useEditedPaths();
  const form = useRef<HTMLFormElement>(null);
  useFocusOnFailure(form, mint.error);
  // A token from elsewhere (pasted) makes the last refusal old news.
  const { reset } = mint;
  useEffect(() => {
    reset();
  }, [token, reset]);
  const error = visibleError(toFormError(mint.error), edits.edited);
  const fields = error?.kind === 'validation' ? error.fields : {};
  const change = (update: Partial<DevTokenValues>) => {
    edits.mark(Object.keys(update));
    setValues((current) => ({ ...current, ...update }));
  };
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    edits.clear();
    mint.mutate(values, { onSuccess: onToken });
  };
  return (
    <form ref={form} onSubmit={submit} aria-label="Dev issuer">
      <fieldset className="dev-token">
        <legend>Dev issuer</legend>
        <Field id="dev-org" label="Organization" error={fields.org} render={(control) => <input {...control} value={values.org} onChange={(event) => { change({ org: event.target.value }); }} />} />
        <Field id="dev-user" label="User" error={fields.user} render={(control) => <input {...control} value={values.user} onChange={(event) => { change({ user: event.target.value }); }} />} />
        <button type="submit" disabled={mint.isPending}>
          Get a dev token
        </button>
        {error !== null && error.kind !== 'validation' && (
          <p role="alert" tabIndex={-1} className="banner field-error">
            {error.message}
          </p>
        )}
      </fieldset>
    </form>
  );
}

/** Re-checks the token when it expires, so the panel says so without waiting for a refused request. */
function useCheckedAt(expiresAt: Date | null): number {
  const [checkedAt, setCheckedAt] = useState(() => Date.now());
  const expiry = expiresAt?.getTime() ?? null;
  useEffect(() => {
    // Once a check has seen the token expired there is nothing left to wait for.
    if (expiry === null || expiry <= checkedAt) return;
    // setTimeout keeps delays below 2^31 ms; a later expiry is re-checked when that first wait ends.
    const timer = window.setTimeout(() => { setCheckedAt(Date.now()); }, Math.min(Math.max(0, expiry - Date.now()) + 100, 2 ** 31 - 1));
    return () => { window.clearTimeout(timer); };
  }, [expiry, checkedAt]);
  return checkedAt;
}

/** Where the console gets its bearer token: pasted, or minted by the backend's dev issuer when it runs one. */
export function TokenPanel({ token, onToken }: TokenPanelProps) {
  const devTokens = useDevTokenAvailable();
  const checkedAt = useCheckedAt(expiryOf(token));
  const message = tokenMessage(checkToken(token, checkedAt), devTokens);
  return (
    <section aria-labelledby="token-heading" className="panel">
      <h2 id="token-heading">Token</h2>
      <Field
        id="token"
        label="Bearer token"
        hint={message.hint}
        error={message.error}
        render={(control) => <textarea {...control} value={token} onChange={(event) => { onToken(normalizeToken(event.target.value)); }} rows={3} spellCheck={false} />}
      />
      {devTokens && <DevTokenForm token={token} onToken={onToken} />}
    </section>
  );
}
