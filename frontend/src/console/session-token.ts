/**
 * The bearer token for this tab: kept in sessionStorage, so a reload keeps it and closing the tab
 * forgets it. Never localStorage, which every tab and every later visit would share.
 */
const KEY = 'workflow-console.token';

export function savedToken(): string {
  try {
    return window.sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveToken(token: string): void {
  try {
    if (token === '') window.sessionStorage.removeItem(KEY);
    else window.sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode, quota): the token lasts until the page is reloaded.
  }
}
