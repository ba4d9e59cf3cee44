import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { createElement } from 'react';

/** What the address shows: the console's pages, found from `location.pathname` alone. */
export type Route = { readonly page: 'workflows' } | { readonly page: 'trash' } | { readonly page: 'workflow'; readonly id: string } | { readonly page: 'not-found' };

/** State a navigation leaves in `history.state`: whether the new page takes the focus to its heading. */
export interface NavigationState {
  readonly focusHeading?: boolean;
}

const NAVIGATED = 'console:navigated';

/** Counts navigations (navigate(), back, forward), not the in-place rewrites of replaceQuery. */
let navigations = 0;

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path === '' || path === '/workflows') return { page: 'workflows' };
  if (path === '/trash') return { page: 'trash' };
  const match = /^\/workflows\/([^/]+)$/.exec(path);
  if (match?.[1] !== undefined) return { page: 'workflow', id: decodeURIComponent(match[1]) };
  return { page: 'not-found' };
}

export const workflowPath = (id: string): string => `/workflows/${encodeURIComponent(id)}`;

/** Moves to `path` with the History API (no reload); the page in view follows through useRoute. */
export function navigate(path: string, state: NavigationState = {}): void {
  window.history.pushState(state, '', path);
  navigations += 1;
  window.dispatchEvent(new Event(NAVIGATED));
}

export function navigationState(): NavigationState {
  const state: unknown = window.history.state;
  return typeof state === 'object' && state !== null ? state : {};
}

/** The address's query parameters (the list's filters, a workflow's tab). */
export const queryParameters = (): URLSearchParams => new URLSearchParams(window.location.search);

/**
 * Rewrites the address's query in place, without a new history entry, leaving out empty values:
 * what the page shows survives a reload and can be shared as a link.
 */
export function replaceQuery(parameters: Readonly<Record<string, string>>): void {
  const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value !== '')).toString();
  const state: unknown = window.history.state;
  window.history.replaceState(state, '', `${window.location.pathname}${query === '' ? '' : `?${query}`}`);
}

/**
 * Whether the page just navigated to should take the focus to its heading; true once per
 * navigation, so a page drawn again later (a new token, a reload) leaves the focus where it is.
 */
export function takeFocusRequest(): boolean {
  const state = navigationState();
  if (state.focusHeading !== true) return false;
  window.history.replaceState({ ...state, focusHeading: false }, '');
  return true;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const currentPath = () => window.location.pathname;

/** The route of the current address, re-read on every navigation and on back and forward. */
export function useRoute(): Route {
  return routeOf(useSyncExternalStore(subscribe, currentPath));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { readonly to: string };

/** A real link (it opens in a new tab, it can be copied), followed in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return createElement('a', { ...rest, href: to, onClick: follow });
}

function subscribeNavigations(onChange: () => void): () => void {
  const popped = () => {
    navigations += 1;
    onChange();
  };
  window.addEventListener('popstate', popped);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', popped);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

/**
 * A number that changes with every navigation; a page keyed by it reads its view (filters, tab)
 * from the address again, so a link to `/workflows` shows the list unfiltered and Back restores it.
 */
export function useNavigationKey(): number {
  return useSyncExternalStore(subscribeNavigations, () => navigations);
}
