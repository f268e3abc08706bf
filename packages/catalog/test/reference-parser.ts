/**
 * An independent reader of Healthie's webhook event reference (a text copy whose headings were lost),
 * and a comparison of a catalog against it. Deliberately shares no code with the catalog it checks.
 *
 * Shape of one section in the copy: a description line ("Fires when ..."), trigger text and mutation
 * bullets, a JSON example whose event_type names the section, then `• field: note (nullable)` bullets.
 * A few sections repeat the example with the extras added ("the actual payload will also contain").
 */

export interface ReferenceEvent {
  eventType: string;
  resourceType: string;
  extras: string[];
  nullable: string[];
  mutations: string[];
  /** The mutation list is malformed in the copy, so it cannot be compared. */
  garbled: boolean;
  /** The fullest example, with changed_fields from the first one. */
  example: Record<string, unknown>;
}

/** The catalog fields the comparison needs, kept structural so tests can feed altered copies. */
export interface CatalogLike {
  event_type: string;
  resource_id_type: string;
  extras: { name: string; nullable: boolean }[];
  mutations: string[];
  decision?: string;
  example: Record<string, unknown>;
}

const STANDARD = new Set(['resource_id', 'resource_id_type', 'event_type', 'changed_fields']);
const GENERIC_EXAMPLE = 'resource.action';
const SECTION_START = /^(Fires when|Test webhook event)/;
const BULLET = /^\s*•\s*(.*)$/;
const MUTATION_BULLET = /^([a-z][A-Za-z0-9]*)(\s+-\s+.*)?$/;
const UNBULLETED_LIST = /^[a-z][A-Za-z0-9]*(,\s*[a-z][A-Za-z0-9]*)+$/;
const FIELD_NOTE = /^\s*•\s*([a-z][a-z0-9_]*):\s+(.*)$/;

interface Block {
  start: number;
  end: number;
  body: Record<string, unknown>;
}

function jsonBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '{') continue;
    let end = i + 1;
    while (end < lines.length && lines[end]?.trim() !== '}') end++;
    // The copy's last example lost its closing brace.
    const text = [...lines.slice(i, end), '}'].join('\n');
    blocks.push({ start: i, end, body: JSON.parse(text) as Record<string, unknown> });
    i = end;
  }
  return blocks.filter((block) => block.body.event_type !== GENERIC_EXAMPLE);
}

export function parseReference(text: string): Map<string, ReferenceEvent> {
  const lines = text.split(/\r?\n/);
  const sections: Block[][] = [];
  for (const block of jsonBlocks(lines)) {
    const current = sections.at(-1);
    if (current && current[0]?.body.event_type === block.body.event_type) current.push(block);
    else sections.push([block]);
  }

  const events = new Map<string, ReferenceEvent>();
  sections.forEach((blocks, index) => {
    const first = blocks[0]!;
    const eventType = String(first.body.event_type);
    if (events.has(eventType)) throw new Error(`reference: ${eventType} appears in two places`);

    // Head: from this section's description line to its first example.
    const previousEnd = index === 0 ? 0 : sections[index - 1]!.at(-1)!.end + 1;
    let head = -1;
    for (let i = previousEnd; i < first.start; i++) if (SECTION_START.test(lines[i] ?? '')) head = i;
    if (head < 0) throw new Error(`reference: no description line before the ${eventType} example`);
    // Tail: after the first example up to the next section's description line.
    const nextStart = sections[index + 1]?.[0]?.start ?? lines.length;
    let tailEnd = nextStart;
    for (let i = first.end + 1; i < nextStart; i++) {
      if (SECTION_START.test(lines[i] ?? '')) {
        tailEnd = i;
        break;
      }
    }

    const mutations: string[] = [];
    let garbled = false;
    for (const line of lines.slice(head + 1, first.start)) {
      const bullet = BULLET.exec(line)?.[1]?.trim();
      if (bullet === undefined) {
        if (UNBULLETED_LIST.test(line.trim())) garbled = true;
        continue;
      }
      const name = MUTATION_BULLET.exec(bullet)?.[1];
      if (name) mutations.push(name);
      // A bullet that is neither a mutation nor a sentence (e.g. a lone backtick) is debris.
      else if (!/\s/.test(bullet)) garbled = true;
    }

    const fullest = blocks.reduce((a, b) =>
      Object.keys(b.body).length > Object.keys(a.body).length ? b : a,
    );
    const extras = Object.keys(fullest.body).filter((key) => !STANDARD.has(key));
    const notes = lines
      .slice(first.end + 1, tailEnd)
      .map((line) => FIELD_NOTE.exec(line))
      .filter((match) => match !== null);
    for (const note of notes) {
      if (!extras.includes(note[1]!))
        throw new Error(`reference: ${eventType} notes unknown field ${note[1]}`);
    }

    events.set(eventType, {
      eventType,
      resourceType: String(first.body.resource_id_type),
      extras,
      nullable: notes.filter((note) => note[2]!.includes('(nullable)')).map((note) => note[1]!),
      mutations,
      garbled,
      example: { ...fullest.body, changed_fields: first.body.changed_fields },
    });
  });
  return events;
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
