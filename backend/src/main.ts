import { buildApp } from './app.js';
import { createVerifier, openDatabase, prepareSchema, wireWorkflows } from './composition-root.js';
import { ConfigError, loadConfig, type Config } from './config.js';

function loadOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`workflow-service: ${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadOrExit();
  const logger = { level: config.logLevel, redact: ['req.headers.authorization'] };
  const database = await openDatabase(config, (error) => { app.log.warn({ err: error }, 'database connection lost'); });
  const applied = await prepareSchema(database);
  const verifier = await createVerifier(config.auth, config.dataDir);
  const app = await buildApp({ logger, checkDatabase: () => database.ping(), workflows: wireWorkflows({ database, verifier }) });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const deadline = setTimeout(() => {
      app.log.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    void app
      .close()
      .then(() => database.close())
      .then(() => {
        clearTimeout(deadline);
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => { shutdown('SIGTERM'); });
  process.on('SIGINT', () => { shutdown('SIGINT'); });

  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: database.dialect, auth: config.auth.mode, migrationsApplied: applied, startupMs: Math.round(performance.now() - startedAt) },
    'workflow service ready',
  );
  if (config.auth.mode === 'dev') {
    app.log.info('dev token issuer active: mint a token with `npm run token -- --org acme --user alice --permissions org:workflows:create,org:workflows:read`');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
