/**
 * The origin happy-dom gives the hook tests' page. The backends allow it in CORS_ORIGINS, so hook
 * tests call the API cross-origin exactly like a single-page app on its own host would, and
 * reading Retry-After depends on the backend exposing it.
 */
export const BROWSER_ORIGIN = 'http://localhost:5173';
