import { buildApp } from './app.js';
import { composeRuntime } from './composition-root.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './shared/logger.js';

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
  const logger = createLogger(config.logLevel);
  const runtime = await composeRuntime(config, logger);
  const app = await buildApp(runtime.dependencies);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const deadline = setTimeout(() => {
      logger.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    void app
      .close()
      .then(() => runtime.close())
      .then(() => {
        clearTimeout(deadline);
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });

  await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      database: runtime.database.dialect,
      rateLimitStore: config.redisUrl === undefined ? 'memory' : 'redis',
      auth: config.auth.mode,
      workflows: config.workflowsEnabled,
      migrationsApplied: runtime.migrationsApplied,
      startupMs: Math.round(performance.now() - startedAt),
    },
    'workflow service ready',
  );
  if (config.auth.mode === 'dev') {
    logger.info('dev token issuer active: mint a token with `npm run token -- --org acme --user alice --permissions org:workflows:create,org:workflows:read`');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
