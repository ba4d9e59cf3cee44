import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { InlineConfig, Plugin } from 'vite';

export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:3000';

/**
 * The console's Vite settings, shared by `npm run dev` and the browser tests. The console calls
 * its own origin and Vite forwards API paths to the backend, so the backend needs no CORS setting.
 */
/** Browsers ask for /favicon.ico whatever the page links; the console's icon is the SVG, as the service answers. */
const faviconRedirect: Plugin = {
  name: 'favicon-ico-redirect',
  configureServer(server) {
    server.middlewares.use('/favicon.ico', (_request, response) => {
      response.writeHead(301, { location: '/favicon.svg' }).end();
    });
  },
};

export function consoleViteConfig(backendUrl: string): InlineConfig {
  const forward = { target: backendUrl, changeOrigin: true };
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react(), faviconRedirect],
    clearScreen: false,
    server: {
      proxy: {
        // Anchored patterns: a bare '/dev' prefix would also catch unrelated paths such as '/devtools'.
        '^/api/': forward,
        '^/dev/': forward,
        '^/openapi\\.json$': forward,
        '^/docs': forward,
      },
    },
    // Declared up front so the first page load does not discover them and reload mid-test.
    optimizeDeps: { include: ['react', 'react/jsx-dev-runtime', 'react-dom/client', '@tanstack/react-query', 'openapi-fetch', 'wouter', 'wouter/use-browser-location'] },
  };
}
