import { ConfigError, loadConfig, type Config } from './config.js';

/**
 * Runs a long-lived service: loads the config (a bad one exits 1 with its message), starts the
 * service, and closes it on SIGINT/SIGTERM (a service's close() is called again on each further signal).
 */
export function runUntilSignal(start: (config: Config) => Promise<{ close(): Promise<void> }>): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  start(config).then(
    (service) => {
      const stop = () => service.close().then(() => process.exit(0));
      // Every signal, not the first alone: a second one ends the wait before the drain (SHUTDOWN_DELAY_MS).
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error('failed to start:', error);
      process.exit(1);
    },
  );
}
