import { loadOrCreateDevKeyPair, mintDevToken, parseTokenArgs } from '../auth/index.js';
import { loadConfig } from '../config.js';

const config = loadConfig(process.env);
if (config.auth.mode !== 'dev') {
  process.stderr.write('npm run token mints dev tokens only; this environment verifies Clerk tokens (a Clerk variable is set or NODE_ENV=production)\n');
  process.exit(1);
}
try {
  const options = parseTokenArgs(process.argv.slice(2));
  const keys = await loadOrCreateDevKeyPair(config.dataDir);
  process.stdout.write(`${await mintDevToken(keys.privateKey, keys.keyId, options)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
