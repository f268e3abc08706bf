/** Which event types `carehooks listen` subscribes to: the `--events` list, checked against the catalog. */
import { eventTypes, isEventType, type EventType } from '@carehooks/catalog';
import { CliError } from '../errors.js';

const MAX_SUGGESTIONS = 3;

/** Every catalog event type when `list` is absent; otherwise its names, each one known, without repeats. */
export function selectEventTypes(list: string | undefined): EventType[] {
  if (list === undefined) return [...eventTypes];
  const names = [...new Set(list.split(',').map((name) => name.trim()))].filter((name) => name !== '');
  if (names.length === 0)
    throw new CliError('--events needs at least one event type, e.g. --events patient.created');
  const unknown = names.filter((name) => !isEventType(name));
  if (unknown.length > 0) throw new CliError(unknown.map(describeUnknown).join('\n'));
  return names as EventType[];
}

function describeUnknown(name: string): string {
  const close = suggestEventTypes(name);
  const hint = close.length > 0 ? ` Did you mean ${close.join(', ')}?` : '';
  return `Unknown event type "${name}".${hint} \`carehooks events list\` shows them all.`;
}

/** The catalog names nearest to `name` by edit distance, when near enough to be a plausible typo. */
export function suggestEventTypes(name: string): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return eventTypes
    .map((type) => ({ type, distance: editDistance(name.toLowerCase(), type) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.type.localeCompare(b.type))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ type }) => type);
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
