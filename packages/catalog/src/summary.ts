import { catalog, resourceTypes } from './catalog.js';
import type { EventType, ResourceIdType } from './types.js';

/** One row of `carehooks events list --json`. */
export interface CatalogSummaryRow {
  event_type: EventType;
  resource_id_type: ResourceIdType;
  extras: string[];
  nullable: string[];
  mutations: string[];
}

export function catalogSummary(): CatalogSummaryRow[] {
  return catalog.map((entry) => ({
    event_type: entry.event_type,
    resource_id_type: entry.resource_id_type,
    extras: entry.extras.map((extra) => extra.name),
    nullable: entry.extras.filter((extra) => extra.nullable).map((extra) => extra.name),
    mutations: [...entry.mutations],
  }));
}

/** The text table of `carehooks events list`; a `?` after an extra means it may be null. */
export function formatCatalogTable(): string {
  const header = ['EVENT TYPE', 'RESOURCE TYPE', 'EXTRAS', 'MUTATIONS'];
  const rows = catalog.map((entry) => [
    entry.event_type,
    entry.resource_id_type,
    entry.extras.map((extra) => (extra.nullable ? `${extra.name}?` : extra.name)).join(', ') || '-',
    entry.mutations.join(', ') || '-',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const rule = widths.map((width) => '-'.repeat(width));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(rule),
    ...rows.map(line),
    '',
    `${catalog.length} event types, ${resourceTypes.length} resource types (? = nullable extra)`,
  ].join('\n');
}
