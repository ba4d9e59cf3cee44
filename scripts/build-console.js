// Builds the web console (frontend/dist) when a source changed since the last build, so that
// `npm start` serves it at /. Where Vite is not installed (an install without dev dependencies),
// the service runs without the console, and says so.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';

const frontend = join(import.meta.dirname, '..', 'frontend');
const built = join(frontend, 'dist', 'index.html');
const sources = [join(frontend, 'src'), join(frontend, 'public'), join(frontend, 'index.html'), join(frontend, 'console-server.ts'), join(frontend, 'vite.config.ts')];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

if (existsSync(built) && sources.every((source) => newest(source) <= statSync(built).mtimeMs)) process.exit(0);
let vite;
try {
  // The package exports its API, not its command: the command sits two folders above it.
  vite = join(dirname(createRequire(join(frontend, 'package.json')).resolve('vite')), '..', '..', 'bin', 'vite.js');
} catch {
  process.stderr.write('the web console is not built (Vite is not installed); the service runs without it\n');
  process.exit(0);
}
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: frontend, stdio: 'inherit' });
process.exit(result.status ?? 1);
