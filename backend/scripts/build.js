// Compiles src/ to dist/ (tsconfig.build.json) and copies beside the output any other file under
// src/ at the same relative place. The SQL migrations live in backend/migrations, beside src/ and
// dist/ alike, and are read from there.
// With --if-stale it does nothing while dist/ is newer than every source: `npm start` then starts at
// once, and runs where dist/ was built in advance without the compiler installed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';

const backend = join(import.meta.dirname, '..');
const src = join(backend, 'src');
const dist = join(backend, 'dist');
const stamp = join(dist, '.built-at');
const inputs = [src, join(backend, 'tsconfig.json'), join(backend, 'tsconfig.build.json')];
// What tsc writes; any other file in dist/ is a copied asset.
const EMITTED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;

function entriesUnder(directory) {
  return readdirSync(directory, { recursive: true }).map((entry) => join(directory, entry));
}

function filesUnder(directory) {
  return entriesUnder(directory).filter((path) => statSync(path).isFile());
}

// A directory's time changes when a file in it is added or deleted, so deletions count too.
function isFresh() {
  if (!existsSync(stamp) || !existsSync(join(dist, 'main.js'))) return false;
  const builtAt = statSync(stamp).mtimeMs;
  return [...inputs, ...entriesUnder(src)].every((path) => statSync(path).mtimeMs <= builtAt);
}

function compile() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(backend, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Copies from an earlier build go first: a file deleted from src/ must not linger in dist/.
function copyAssets() {
  for (const file of filesUnder(dist)) {
    if (!EMITTED.test(file) && dirname(file) !== dist) rmSync(file);
  }
  for (const file of filesUnder(src)) {
    if (!file.endsWith('.ts')) cpSync(file, join(dist, relative(src, file)));
  }
}

if (process.argv.includes('--if-stale') && isFresh()) process.exit(0);
const startedAt = new Date();
compile();
copyAssets();
// Stamped with the start time: a source saved while tsc ran makes the next --if-stale build again.
writeFileSync(stamp, '');
utimesSync(stamp, startedAt, startedAt);
