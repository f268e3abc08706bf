/**
 * A comparison of a catalog against Healthie's webhook event reference, as read by
 * ../scripts/reference-parser.mjs (from the reference itself, or from the committed facts fixture).
 * Deliberately shares no code with the catalog it checks.
 */

import type { ReferenceEvent } from '../scripts/reference-parser.mjs';

/** The catalog fields the comparison needs, kept structural so tests can feed altered copies. */
export interface CatalogLike {
  event_type: string;
  resource_id_type: string;
  extras: { name: string; nullable: boolean }[];
  mutations: string[];
  decision?: string;
  example: Record<string, unknown>;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Every difference between a catalog and the reference; empty when they agree. */
export function compareWithReference(
  reference: Map<string, ReferenceEvent>,
  entries: CatalogLike[],
): string[] {
  const problems: string[] = [];
  const byType = new Map(entries.map((entry) => [entry.event_type, entry]));
  for (const eventType of reference.keys()) {
    if (!byType.has(eventType)) problems.push(`${eventType}: missing from the catalog`);
  }
  for (const entry of entries) {
    const ref = reference.get(entry.event_type);
    const at = `${entry.event_type}:`;
    if (!ref) {
      problems.push(`${at} not in the reference`);
      continue;
    }
    const decision = entry.decision ?? '';
    const names = entry.extras.map((extra) => extra.name);

    if (entry.resource_id_type !== ref.resourceType) {
      problems.push(`${at} resource type ${entry.resource_id_type}, reference says ${ref.resourceType}`);
    }
    for (const name of ref.extras) if (!names.includes(name)) problems.push(`${at} missing extra ${name}`);
    for (const name of names)
      if (!ref.extras.includes(name)) problems.push(`${at} extra ${name} not in the reference`);
    if (sameList([...names].sort(), [...ref.extras].sort()) && !sameList(names, ref.extras)) {
      problems.push(`${at} extras in order ${names.join(',')}, reference has ${ref.extras.join(',')}`);
    }
    for (const extra of entry.extras) {
      const refNullable = ref.nullable.includes(extra.name);
      if (refNullable && !extra.nullable) problems.push(`${at} ${extra.name} must be nullable`);
      // Marking more nullable than the reference is allowed only with a written reason naming the field.
      if (!refNullable && extra.nullable && !decision.includes(extra.name)) {
        problems.push(`${at} ${extra.name} nullable without a decision naming it`);
      }
    }

    if (ref.garbled) {
      if (!/garbled/i.test(decision)) problems.push(`${at} the reference list is garbled; write a decision`);
    } else if (!sameList(entry.mutations, ref.mutations)) {
      const differing = [
        ...entry.mutations.filter((m) => !ref.mutations.includes(m)),
        ...ref.mutations.filter((m) => !entry.mutations.includes(m)),
      ];
      const unexplained = differing.filter((m) => !decision.includes(m));
      if (differing.length === 0 || unexplained.length > 0) {
        problems.push(
          `${at} mutations [${entry.mutations.join(', ')}], reference [${ref.mutations.join(', ')}]`,
        );
      }
    }

    if (JSON.stringify(entry.example) !== JSON.stringify(ref.example) && !/example/i.test(decision)) {
      problems.push(`${at} example differs from the reference: ${JSON.stringify(ref.example)}`);
    }
  }
  return problems;
}
