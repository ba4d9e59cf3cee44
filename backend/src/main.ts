import cluster from 'node:cluster';
import { pino, type Logger } from 'pino';
import { buildApp } from './app.js';
import { loadOrCreateDevKeyPair } from './auth/index.js';
import { forkClusterWorker, WorkerSupervisor } from './cluster.js';
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

function onStopSignals(stop: (signal: string) => void): void {
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}

function logDevIssuerHint(config: Config, logger: Logger): void {
  if (config.auth.mode === 'dev') {
    logger.info('dev token issuer active: mint a token with `npm run token -- --org acme --user alice --permissions org:workflows:create,org:workflows:read`');
  }
}

/** WEB_CONCURRENCY > 1: this process only supervises; every worker runs serve() on the shared port. */
async function supervise(config: Config, logger: Logger): Promise<void> {
  // Made once here, so the workers read one key pair instead of each racing to create it.
  if (config.auth.mode === 'dev') await loadOrCreateDevKeyPair(config.dataDir);
  logger.info({ workers: config.workers }, 'starting workers');
  const supervisor = new WorkerSupervisor({ workers: config.workers, fork: forkClusterWorker, logger, shutdownTimeoutMs: config.shutdownTimeoutMs });
  onStopSignals((signal) => {
    supervisor.stop(signal);
  });
  logDevIssuerHint(config, logger);
  process.exit(await supervisor.exited);
}

async function serve(config: Config, logger: Logger, startedAt: number): Promise<void> {
  const runtime = await composeRuntime(config, logger);
  const app = await buildApp(runtime.dependencies);

  let closing = false;
  onStopSignals((signal) => {
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
        logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      });
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
  if (cluster.isPrimary) logDevIssuerHint(config, logger);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadOrExit();
  if (config.workers > 1 && cluster.isPrimary) {
    // The primary writes a few lines about its workers, none on a request path: unbuffered, so a
    // worker's death is in the log when it happens (and, like pino's own, quiet once stdout is gone).
    return supervise(config, createLogger(config.logLevel, pino.destination({ dest: 1, sync: true })));
  }
  return serve(config, createLogger(config.logLevel), startedAt);
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
