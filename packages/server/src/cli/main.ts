/** The `carehooks` command. */
import { Command } from 'commander';
import { ConfigError } from '../app/config.js';
import { SecretKeyError } from '../core/sealed-secrets.js';
import { version } from '../version.js';
import { registerAdmin } from './admin.js';
import { CliError } from './errors.js';
import { registerEvents } from './events.js';
import { registerListen } from './listen.js';
import { registerMigrate } from './migrate.js';
import { registerRedeliver } from './redeliver.js';
import { registerServe } from './serve.js';
import { registerTrigger } from './trigger.js';

const program = new Command('carehooks')
  .description('Healthie-compatible webhook events: API, delivery engine and developer tools')
  .version(version);
registerServe(program);
registerMigrate(program);
registerAdmin(program);
registerEvents(program);
registerListen(program);
registerTrigger(program);
registerRedeliver(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof SecretKeyError) {
    process.stderr.write(`carehooks: ${error.message}\n`);
  } else {
    process.stderr.write(
      `carehooks: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
});
