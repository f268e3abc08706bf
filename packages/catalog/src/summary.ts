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

const GAP = '  ';
const INDENT = '    ';

/**
 * The text of `carehooks events list`: one table row per event type when that fits `width` (always when
 * `width` is null); otherwise each event type and its resource type on one line, with its extras (`?` after
 * a nullable one) and mutations on an indented line below, wrapped between names, never inside one.
 */
export function formatCatalogTable(width: number | null = null): string {
  const rows = catalogSummary();
  const extras = (row: CatalogSummaryRow) =>
    row.extras.map((name) => (row.nullable.includes(name) ? `${name}?` : name));
  const wide = columns([
    ['EVENT TYPE', 'RESOURCE TYPE', 'EXTRAS', 'MUTATIONS'],
    ...rows.map((row) => [
      row.event_type,
      row.resource_id_type,
      extras(row).join(', ') || '-',
      row.mutations.join(', ') || '-',
    ]),
  ]);
  const footer = `${rows.length} event types, ${resourceTypes.length} resource types (? = nullable extra)`;
  if (width === null || wide.every((line) => line.length <= width)) return [...wide, '', footer].join('\n');

  const [header, rule, ...lines] = columns([
    ['EVENT TYPE', 'RESOURCE TYPE'],
    ...rows.map((row) => [row.event_type, row.resource_id_type]),
  ]);
  const stacked = [header!, `${INDENT}extras; mutations`, rule!];
  rows.forEach((row, index) => {
    stacked.push(lines[index]!);
    const details = [
      ...(row.extras.length > 0 ? [`extras: ${extras(row).join(', ')}`] : []),
      ...(row.mutations.length > 0 ? [`mutations: ${row.mutations.join(', ')}`] : []),
    ].join('; ');
    if (details === '') return;
    // Continuation lines sit deeper, so a wrapped list does not look like the next event's.
    const [first, ...more] = wrap(details, width - INDENT.length - 2);
    stacked.push(INDENT + first!, ...more.map((line) => `${INDENT}  ${line}`));
  });
  return [...stacked, '', `${footer}; --wide: one row per event type`].join('\n');
}

/** The rows as aligned columns, a rule of dashes under the first. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join(GAP)
      .trimEnd();
  const [header, ...body] = rows;
  return [line(header!), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

/** Lines of at most `width`, broken after `, ` or `; `; a single name longer than `width` stays whole. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const piece of text.split(/(?<=[,;] )/)) {
    if (current !== '' && (current + piece).trimEnd().length > width) {
      lines.push(current.trimEnd());
      current = '';
    }
    current += piece;
  }
  lines.push(current.trimEnd());
  return lines;
}
