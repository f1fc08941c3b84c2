import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startApp } from './app';

/** `npm start`: validated configuration, the subgraph, and a graceful stop on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger);
  // Not "ready" while the store does not answer: startApp has logged the one line that says so.
  if (app.storeReachable) logger.info({ url: app.url }, 'orders subgraph ready');
  process.stdout.write(`Orders subgraph on ${app.url} (open it in a browser for the GraphQL IDE)\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    app.close().then(
      () => {
        // close() released everything the app opened, so the process ends on its own once the log is written. A
        // handle something left open would keep it running: this line names what is left, then it exits anyway.
        process.exitCode = 0;
        setTimeout(() => {
          const resources = process.getActiveResourcesInfo();
          // The list includes this timer itself.
          const own = resources.indexOf('Timeout');
          if (own >= 0) resources.splice(own, 1);
          logger.warn({ resources }, 'still running after shutdown; exiting');
          process.exit(0);
        }, 3000).unref();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
