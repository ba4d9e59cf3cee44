import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { BROWSER_ORIGIN } from './tests/support/browser-origin.js';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // Node by default; the tests that render (hooks, navigation) opt into happy-dom with a file comment.
    environment: 'node',
    environmentOptions: { happyDOM: { url: BROWSER_ORIGIN } },
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    // CI reads the counts from a JSON report to print one closing summary line.
    reporters: process.env.VITEST_JSON_DIR === undefined ? ['default'] : ['default', 'json'],
    outputFile: process.env.VITEST_JSON_DIR === undefined ? {} : { json: `${process.env.VITEST_JSON_DIR}/frontend.json` },
    hookTimeout: 90_000,
  },
});
