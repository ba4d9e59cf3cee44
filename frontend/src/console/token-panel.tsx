import { useState } from 'react';
import { useDevTokenAvailable, useMintDevToken } from './dev-token.js';
import { Field } from './field.js';

interface TokenPanelProps {
  readonly token: string;
  readonly onToken: (token: string) => void;
}

function DevTokenForm({ onToken }: Pick<TokenPanelProps, 'onToken'>) {
  const [org, setOrg] = useState('acme');
  const [user, setUser] = useState('alice');
  const mint = useMintDevToken();
  return (
    <fieldset className="dev-token">
      <legend>Dev issuer</legend>
      <Field id="dev-org" label="Organization" render={(control) => <input {...control} value={org} onChange={(event) => { setOrg(event.target.value); }} />} />
      <Field id="dev-user" label="User" render={(control) => <input {...control} value={user} onChange={(event) => { setUser(event.target.value); }} />} />
      <button type="button" disabled={mint.isPending} onClick={() => { mint.mutate({ org, user }, { onSuccess: onToken }); }}>
        Get a dev token
      </button>
      {mint.error !== null && <p role="alert" className="field-error">{mint.error.message}</p>}
    </fieldset>
  );
}

/** Where the console gets its bearer token: pasted, or minted by the backend's dev issuer when it runs one. */
export function TokenPanel({ token, onToken }: TokenPanelProps) {
  const devTokens = useDevTokenAvailable();
  return (
    <section aria-labelledby="token-heading" className="panel">
      <h2 id="token-heading">Token</h2>
      <Field
        id="token"
        label="Bearer token"
        hint={devTokens ? 'Paste a session token, or get a dev token below.' : 'Paste a session token (with this backend, `npm run token` prints one).'}
        render={(control) => <textarea {...control} value={token} onChange={(event) => { onToken(event.target.value.trim()); }} rows={3} spellCheck={false} />}
      />
      {devTokens && <DevTokenForm onToken={onToken} />}
    </section>
  );
}
