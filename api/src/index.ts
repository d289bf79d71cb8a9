import { ConfigError, loadConfig } from './config.js';
import { startRoster } from './server.js';

/** Production entry: configuration from the environment, then the whole process. */
try {
  const running = await startRoster(loadConfig());
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
