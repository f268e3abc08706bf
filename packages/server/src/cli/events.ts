/** `carehooks events list`: the event catalog, as a table or as JSON. */
import { catalogSummary, formatCatalogTable } from '@carehooks/catalog';
import type { Command } from 'commander';

/** The table's width when stdout is not a terminal (a pipe, a file, a test). */
const DEFAULT_WIDTH = 100;
/** Narrower than this, the extras and mutations would wrap after nearly every name; lines overflow instead. */
const MIN_WIDTH = 60;

export function registerEvents(program: Command): void {
  const events = program.command('events').description('the webhook event catalog');
  events
    .command('list')
    .description('list every event type with its resource type, extra fields and mutations')
    .option('--json', 'print one JSON array')
    .option('--wide', 'one line per event type, however long (default: fit the terminal, or 100 columns)')
    .action((options: { json?: boolean; wide?: boolean }) => {
      if (options.json) {
        process.stdout.write(`${JSON.stringify(catalogSummary())}\n`);
        return;
      }
      const terminal = process.stdout.isTTY ? process.stdout.columns : undefined;
      const width = options.wide ? null : Math.max(MIN_WIDTH, terminal ?? DEFAULT_WIDTH);
      process.stdout.write(`${formatCatalogTable(width)}\n`);
    });
}
