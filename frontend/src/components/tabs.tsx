import { useRef, type KeyboardEvent, type ReactNode } from 'react';

interface TabsProps<T extends string> {
  readonly label: string;
  readonly idPrefix: string;
  readonly tabs: readonly (readonly [T, string])[];
  readonly selected: T;
  readonly onSelect: (tab: T) => void;
  readonly children: ReactNode;
}

/**
 * WAI-ARIA tabs: a tablist whose selected tab is the one in the tab order (the arrow keys, Home and
 * End move between tabs), and the selected tab's panel, labelled by it.
 */
/** The tab the arrow keys, Home or End lead to from `selected`, wrapping around; undefined for other keys. */
function tabAfterKey<T extends string>(tabs: readonly (readonly [T, string])[], selected: T, key: string): T | undefined {
  const index = tabs.findIndex(([tab]) => tab === selected);
  const targets: Readonly<Record<string, number>> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
  const next = targets[key];
  return next === undefined ? undefined : tabs[(next + tabs.length) % tabs.length]?.[0];
}

export function Tabs<T extends string>({ label, idPrefix, tabs, selected, onSelect, children }: TabsProps<T>) {
  const buttons = useRef<Map<T, HTMLButtonElement>>(new Map());
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = tabAfterKey(tabs, selected, event.key);
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    buttons.current.get(next)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={label} className="tabs" onKeyDown={move}>
        {tabs.map(([tab, text]) => (
          <button
            key={tab}
            ref={(element) => {
              if (element === null) buttons.current.delete(tab);
              else buttons.current.set(tab, element);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab}`}
            aria-selected={tab === selected}
            aria-controls={`${idPrefix}-panel-${tab}`}
            tabIndex={tab === selected ? 0 : -1}
            onClick={() => { onSelect(tab); }}
          >
            {text}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-panel-${selected}`} aria-labelledby={`${idPrefix}-tab-${selected}`} tabIndex={0} className="tabpanel">
        {children}
      </div>
    </>
  );
}
