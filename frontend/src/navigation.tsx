import { useCallback, type ReactNode } from 'react';
import { Router, useLocation, type AroundNavHandler } from 'wouter';
import { useLocationProperty } from 'wouter/use-browser-location';

/** The console's addresses; the service answers the console's HTML at each of them (and at `/`, the list too). */
export const WORKFLOWS_PATH = '/workflows';
export const TRASH_PATH = '/trash';
export const workflowPath = (id: string): string => `${WORKFLOWS_PATH}/${encodeURIComponent(id)}`;

/** What the console keeps in `history.state` beside the address. */
interface EntryState {
  /** Tells history entries apart: a page is drawn afresh for each (useEntryKey). */
  readonly entry?: string;
  /** The page arrived at takes the focus to its heading, once (takeFocusRequest). */
  readonly focusHeading?: boolean;
}

function entryState(state: unknown = window.history.state): EntryState {
  return typeof state === 'object' && state !== null ? state : {};
}

/** Any value unlike its neighbours' will do; crypto.randomUUID() would need a secure context (HTTPS or localhost). */
const newEntryId = (): string => Math.random().toString(36).slice(2);

/**
 * Every navigation of the router passes here: a new history entry gets an id of its own, and a
 * rewrite in place (the query of the view shown) keeps the entry's state, id and focus request included.
 */
const keepEntries: AroundNavHandler = (navigate, to, options = {}) => {
  const kept = options.replace === true ? entryState() : { entry: newEntryId() };
  navigate(to, { ...options, state: { ...kept, ...entryState(options.state) } });
};

/** wouter on the History API, its navigations marked with the console's entry ids. */
export function ConsoleRouter({ children }: { readonly children: ReactNode }) {
  return <Router aroundNav={keepEntries}>{children}</Router>;
}

const currentEntry = (): string => entryState().entry ?? 'first';

/**
 * The history entry in view: it changes with every navigation (a link, Back, Forward), not with a
 * rewrite in place. A page keyed by it reads its view (filters, tab) from the address again, so a
 * link to `/workflows` shows the list unfiltered and Back shows the filtered one again.
 */
export function useEntryKey(): string {
  return useLocationProperty(currentEntry);
}

/** Goes to `path` as a new history entry, whose page then takes the focus to its heading. */
export function useShowPage(): (path: string) => void {
  const [, navigate] = useLocation();
  return useCallback((path: string) => {
    navigate(path, { state: { focusHeading: true } });
  }, [navigate]);
}

/**
 * Whether the page just navigated to should take the focus to its heading; true once per
 * navigation, so a page drawn again later (a new token, a reload) leaves the focus where it is.
 */
export function takeFocusRequest(): boolean {
  const state = entryState();
  if (state.focusHeading !== true) return false;
  window.history.replaceState({ ...state, focusHeading: false }, '');
  return true;
}

/** The address's query parameters (the list's filters, a workflow's tab), as the page first reads them. */
export const queryParameters = (): URLSearchParams => new URLSearchParams(window.location.search);

/**
 * Rewrites the address's query in place, without a new history entry, leaving out empty values:
 * what the page shows survives a reload and can be shared as a link.
 */
export function useReplaceQuery(): (parameters: Readonly<Record<string, string>>) => void {
  const [, navigate] = useLocation();
  return useCallback((parameters: Readonly<Record<string, string>>) => {
    const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== '')).toString();
    navigate(`${window.location.pathname}${query === '' ? '' : `?${query}`}`, { replace: true });
  }, [navigate]);
}
