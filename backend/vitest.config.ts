import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const layer = (lines: number) => ({ statements: lines, lines, functions: lines, branches: lines - 10 });

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    // Vitest leaves a core free by default, which on a 2-core machine runs one file at a time; the
    // suites spend much of their time waiting on databases, so every core runs a file.
    maxWorkers: Math.max(2, availableParallelism()),
    // A worker runs its files one after another in one process, keeping what they import and the
    // shared test databases: opening PGlite and importing the app cost seconds per file otherwise.
    // Tests isolate themselves by fresh account ids and restore any spy they set.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { CLERK_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'silent' },
    // CI reads the counts from a JSON report to print one closing summary line; a second run of
    // some suites (through a transaction pooler) names its own report with VITEST_JSON_FILE.
    reporters: process.env.VITEST_JSON_DIR === undefined ? ['default'] : ['default', 'json'],
    outputFile: process.env.VITEST_JSON_DIR === undefined ? {} : { json: `${process.env.VITEST_JSON_DIR}/${process.env.VITEST_JSON_FILE ?? 'backend.json'}` },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // Process entry points: their logic lives in tested modules; they only read argv/env and exit.
      exclude: ['src/main.ts', 'src/cli/**'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        statements: 85,
        lines: 85,
        functions: 85,
        branches: 75,
        'src/**/domain/**': layer(95),
        'src/**/application/**': layer(90),
        'src/**/infrastructure/**': layer(85),
        'src/**/presentation/**': layer(80),
      },
    },
  },
});
