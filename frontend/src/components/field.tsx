import type { ReactNode } from 'react';

/** Props every control receives so assistive technology reads its label, hint and error together. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
}

/** How much of a limited text is used; the text is never cut, going over is shown instead. */
export interface Counter {
  readonly length: number;
  readonly max: number;
}

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
  readonly counter?: Counter | undefined;
  readonly render: (control: ControlProps) => ReactNode;
}

function CounterText({ id, counter }: { readonly id: string; readonly counter: Counter }) {
  const over = counter.length - counter.max;
  return (
    <p id={id} className={over > 0 ? 'counter counter--over' : 'counter'}>
      {over > 0 ? `${over} character${over === 1 ? '' : 's'} over the limit of ${counter.max}` : `${counter.length} / ${counter.max}`}
    </p>
  );
}

/** A labelled control with its hint, its counter and, right under it, the server's message for that field. */
export function Field({ id, label, error, hint, counter, render }: FieldProps) {
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  const counterId = counter === undefined ? undefined : `${id}-count`;
  const errorId = error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, counterId, errorId].filter((part) => part !== undefined).join(' ');
  return (
    <div className={error === undefined ? 'field' : 'field field--invalid'}>
      <label htmlFor={id}>{label}</label>
      {render({ id, 'aria-invalid': error !== undefined, 'aria-describedby': describedBy === '' ? undefined : describedBy })}
      {hint !== undefined && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {counterId !== undefined && counter !== undefined && <CounterText id={counterId} counter={counter} />}
      {error !== undefined && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
