/** `carehooks events list`: the event catalog, as a table or as JSON. */
import { catalogSummary, formatCatalogTable } from '@carehooks/catalog';
import type { Command } from 'commander';

export function registerEvents(program: Command): void {
  const events = program.command('events').description('the webhook event catalog');
  events
    .command('list')
    .description('list every event type with its resource type, extra fields and mutations')
    .option('--json', 'print one JSON array')
    .action((options: { json?: boolean }) => {
      process.stdout.write(
        options.json ? `${JSON.stringify(catalogSummary())}\n` : `${formatCatalogTable()}\n`,
      );
    });
}
