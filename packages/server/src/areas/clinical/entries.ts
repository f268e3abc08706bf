/**
 * Journal entries: Healthie's entry kinds, and which event family a row belongs to. Metric readings
 * (weight, steps and the like) send `metric_entry.*`, every other entry `entry.*`, never both; the kind is
 * set on create only, so an entry never changes family.
 */
import type { StoredRow } from '../../registry/index.js';

export const JOURNAL_ENTRY_TYPES = [
  'FoodEntry',
  'MetricEntry',
  'MirrorEntry',
  'NoteEntry',
  'PoopEntry',
  'SleepEntry',
  'SymptomEntry',
  'WaterIntakeEntry',
  'WorkoutEntry',
] as const;

export function entryEventPrefix(row: StoredRow): string {
  return row.type === 'MetricEntry' ? 'metric_entry' : 'entry';
}
