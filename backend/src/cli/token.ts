import { loadOrCreateDevKeyPair, mintDevToken, parseTokenArgs } from '../auth/index.js';
import { ConfigError, loadConfig, type Config } from '../config.js';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  fail(error.message, 1);
}
if (config.auth.mode !== 'dev') {
  fail('npm run token mints dev tokens only; this environment verifies Clerk tokens (a Clerk variable is set or NODE_ENV=production)', 1);
}
try {
  const options = parseTokenArgs(process.argv.slice(2));
  const keys = await loadOrCreateDevKeyPair(config.dataDir);
  process.stdout.write(`${await mintDevToken(keys.privateKey, keys.keyId, options)}\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 2);
}
