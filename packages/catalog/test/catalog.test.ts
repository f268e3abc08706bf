import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  buildPayload,
  catalog,
  catalogSummary,
  eventTypes,
  formatCatalogTable,
  getEvent,
  isEventType,
  payloadSchema,
  resourceTypes,
  validatePayload,
  type EventPayloadMap,
  type EventType,
  type PayloadSchema,
  type WebhookEvent,
} from '../src/index.js';

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A minimal check of a value against the subset of JSON Schema the catalog emits. */
function matchesSchema(payload: object, schema: PayloadSchema): boolean {
  const value = payload as Record<string, unknown>;
  const keys = Object.keys(value);
  if (keys.length !== schema.required.length || !schema.required.every((key) => keys.includes(key)))
    return false;
  return Object.entries(schema.properties).every(([key, property]) => {
    const field = value[key];
    if ('const' in property) return field === property.const;
    if (property.type === 'array')
      return Array.isArray(field) && field.every((item) => typeof item === 'string');
    if (property.type === 'string') return typeof field === 'string';
    return typeof field === 'string' || field === null;
  });
}

describe('catalog', () => {
  it('holds 167 unique event types sorted by code unit', () => {
    const types = catalog.map((entry) => entry.event_type);
    expect(types).toHaveLength(167);
    expect(new Set(types).size).toBe(167);
    expect(types).toEqual([...types].sort(byCodeUnit));
    expect(eventTypes).toEqual(types);
    expect(types).toContain('test.created');
  });

  it('lists the distinct resource types, sorted', () => {
    expect(resourceTypes).toEqual(
      [...new Set(catalog.map((entry) => entry.resource_id_type))].sort(byCodeUnit),
    );
    expect(resourceTypes).toHaveLength(60);
    expect(resourceTypes).toContain('Entry');
  });

  it('gives every entry a one-line description and a trigger when no mutation fires it', () => {
    for (const entry of catalog) {
      expect(entry.description, entry.event_type).toMatch(/^[A-Z][^\n]*\.$/);
      if (entry.mutations.length === 0) expect(entry.triggers, entry.event_type).toBeTruthy();
      for (const mutation of entry.mutations) expect(mutation).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
  });

  it.each(catalog.map((entry) => [entry.event_type, entry] as const))('%s: example is valid', (_, entry) => {
    expect(validatePayload(entry.example)).toEqual({ ok: true, event: entry.example });
    expect(Object.keys(entry.example)).toEqual(entry.schema.required);
    expect(Object.keys(entry.schema.properties)).toEqual(entry.schema.required);
    expect(matchesSchema(entry.example, entry.schema)).toBe(true);
    expect(payloadSchema(entry.event_type)).toBe(entry.schema);
  });

  it('derives the JSON Schema from the extras', () => {
    expect(payloadSchema('goal.created')).toEqual({
      type: 'object',
      required: [
        'resource_id',
        'resource_id_type',
        'event_type',
        'changed_fields',
        'care_plan_id',
        'parent_id',
        'user_id',
      ],
      additionalProperties: false,
      properties: {
        resource_id: { type: 'string' },
        resource_id_type: { const: 'Goal' },
        event_type: { const: 'goal.created' },
        changed_fields: { type: 'array', items: { type: 'string' } },
        care_plan_id: { type: ['string', 'null'] },
        parent_id: { type: ['string', 'null'] },
        user_id: { type: 'string' },
      },
    });
    expect(() => payloadSchema('goal.exploded')).toThrow(/goal\.exploded/);
  });

  it('looks events up', () => {
    expect(getEvent('patient.merged')?.resource_id_type).toBe('User');
    expect(getEvent('patient.exploded')).toBeUndefined();
    expect(isEventType('metric_entry.updated')).toBe(true);
    expect(isEventType('resource.action')).toBe(false);
  });
});

describe('validatePayload', () => {
  const merged = getEvent('patient.merged')!.example;

  it('rejects what is not an object or names no known event', () => {
    expect(validatePayload(null)).toEqual({ ok: false, errors: ['payload must be a JSON object'] });
    expect(validatePayload([merged])).toEqual({ ok: false, errors: ['payload must be a JSON object'] });
    expect(validatePayload({ ...merged, event_type: 7 })).toEqual({
      ok: false,
      errors: ['event_type must be a string'],
    });
    expect(validatePayload({ ...merged, event_type: 'patient.cloned' })).toEqual({
      ok: false,
      errors: ['unknown event_type "patient.cloned"'],
    });
  });

  it('reports every mismatch with the entry', () => {
    const result = validatePayload({
      resource_id: 45678,
      resource_id_type: 'Patient',
      event_type: 'patient.merged',
      changed_fields: [1],
      source_user_id: null,
      merged_at: 'yesterday',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'resource_id must be a string',
        'resource_id_type must be "User" for patient.merged',
        'changed_fields must be an array of strings',
        'missing field "destination_user_id"',
        'source_user_id must be a string',
        'unexpected field "merged_at"',
      ],
    });
  });

  it('accepts null only for nullable extras, and requires them present', () => {
    const goal = {
      resource_id: '1',
      resource_id_type: 'Goal',
      event_type: 'goal.created',
      changed_fields: [],
    };
    expect(validatePayload({ ...goal, care_plan_id: null, parent_id: null, user_id: '2' }).ok).toBe(true);
    expect(validatePayload({ ...goal, care_plan_id: null, parent_id: null, user_id: null })).toEqual({
      ok: false,
      errors: ['user_id must be a string'],
    });
    expect(validatePayload({ ...goal, parent_id: null, user_id: '2' })).toEqual({
      ok: false,
      errors: ['missing field "care_plan_id"'],
    });
  });
});

describe('buildPayload', () => {
  it('puts keys in canonical order whatever order the extras come in', () => {
    const body = buildPayload(
      'lab_result.updated',
      '20000',
      {
        patient_id: null,
        ordering_physician_id: '19000',
        document_id: '17000',
        lab_order_id: '16000',
      },
      ['file_string'],
    );
    expect(Object.keys(body)).toEqual([
      'resource_id',
      'resource_id_type',
      'event_type',
      'changed_fields',
      'lab_order_id',
      'document_id',
      'patient_id',
      'ordering_physician_id',
    ]);
    expect(body).toEqual({ ...getEvent('lab_result.updated')!.example, patient_id: null });
    expect(validatePayload(body).ok).toBe(true);
  });

  it('defaults changed_fields to empty and copies the list it is given', () => {
    expect(buildPayload('task.created', '11000', {}).changed_fields).toEqual([]);
    const changed = ['name'];
    const body = buildPayload('task.updated', '11000', {}, changed);
    changed.push('due_date');
    expect(body.changed_fields).toEqual(['name']);
  });

  it('names missing, unknown and wrongly null extras', () => {
    // @ts-expect-error user_id is missing
    expect(() => buildPayload('goal.created', '1', { care_plan_id: '2', parent_id: null })).toThrow(
      'buildPayload(goal.created): missing extra "user_id"',
    );
    // @ts-expect-error owner_id is not an extra of task.created
    expect(() => buildPayload('task.created', '1', { owner_id: '2' })).toThrow('unknown extra "owner_id"');
    // @ts-expect-error user_id may not be null
    expect(() => buildPayload('medication.created', '1', { user_id: null })).toThrow(
      'extra "user_id" must be a string',
    );
    expect(() => buildPayload('task.exploded', '1', {})).toThrow('unknown event type "task.exploded"');
  });

  it('accepts a plain string event type from untyped input', () => {
    const eventType: string = 'patient.merged';
    const body = buildPayload(eventType, '1234', { destination_user_id: '1234', source_user_id: '5678' });
    expectTypeOf(body).toEqualTypeOf<WebhookEvent>();
    expect(body.event_type).toBe('patient.merged');
  });
});

describe('catalogSummary and formatCatalogTable', () => {
  it('summarises each entry for `events list --json`', () => {
    const summary = catalogSummary();
    expect(summary.map((row) => row.event_type)).toEqual(eventTypes);
    for (const row of summary) {
      expect(Object.keys(row)).toEqual(['event_type', 'resource_id_type', 'extras', 'nullable', 'mutations']);
    }
    expect(summary.find((row) => row.event_type === 'goal.deleted')).toEqual({
      event_type: 'goal.deleted',
      resource_id_type: 'Goal',
      extras: ['care_plan_id', 'parent_id', 'user_id'],
      nullable: ['care_plan_id', 'parent_id'],
      mutations: ['deleteGoal'],
    });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('prints an aligned table with ? after nullable extras', () => {
    const lines = formatCatalogTable().split('\n');
    expect(lines[0]).toMatch(/^EVENT TYPE +RESOURCE TYPE +EXTRAS +MUTATIONS$/);
    const rows = lines.slice(2, 2 + catalog.length);
    expect(rows.map((row) => row.split(/ +/)[0])).toEqual(eventTypes);
    const resourceColumn = lines[0]!.indexOf('RESOURCE TYPE');
    for (const row of rows) expect(row[resourceColumn - 1]).toBe(' ');
    expect(rows.find((row) => row.startsWith('goal.deleted '))).toMatch(
      / Goal +care_plan_id\?, parent_id\?, user_id +deleteGoal$/,
    );
    expect(rows.find((row) => row.startsWith('appointment.recording_started '))).toMatch(/ - +-$/);
    expect(lines.at(-1)).toBe('167 event types, 60 resource types (? = nullable extra)');
  });

  it('fits a width by putting extras and mutations under each event type, wrapped between names', () => {
    const lines = formatCatalogTable(90).split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(90);
    expect(lines[0]).toMatch(/^EVENT TYPE +RESOURCE TYPE$/);
    expect(lines.filter((line) => /^[a-z]/.test(line)).map((line) => line.split(' ')[0])).toEqual(eventTypes);
    const goal = lines.findIndex((line) => line.startsWith('goal.deleted '));
    expect(lines.slice(goal, goal + 2)).toEqual([
      expect.stringMatching(/^goal\.deleted +Goal$/),
      '    extras: care_plan_id?, parent_id?, user_id; mutations: deleteGoal',
    ]);
    // Too long for one line: the rest follows on deeper-indented lines, broken after a comma or semicolon.
    const wrapped = lines.findIndex((line) => line.startsWith('      '));
    expect(lines[wrapped - 1]).toMatch(/^ {4}\S.*[,;]$/);
    expect(formatCatalogTable(400)).toBe(formatCatalogTable());
  });
});

describe('derived types', () => {
  it('gives each event its exact payload type', () => {
    expectTypeOf<EventPayloadMap['goal.created']['parent_id']>().toEqualTypeOf<string | null>();
    expectTypeOf<EventPayloadMap['goal.created']['user_id']>().toEqualTypeOf<string>();
    expectTypeOf<EventPayloadMap['goal.created']['resource_id_type']>().toEqualTypeOf<'Goal'>();
    expectTypeOf<EventPayloadMap['task.created']>().toEqualTypeOf<{
      resource_id: string;
      resource_id_type: 'Task';
      event_type: 'task.created';
      changed_fields: string[];
    }>();
    expectTypeOf<'test.created'>().toExtend<EventType>();
    expectTypeOf<'resource.action'>().not.toExtend<EventType>();
    expectTypeOf<keyof EventPayloadMap>().toEqualTypeOf<EventType>();
  });

  it('narrows WebhookEvent on event_type', () => {
    const handle = (event: WebhookEvent) => {
      if (event.event_type === 'patient.merged') {
        expectTypeOf(event.source_user_id).toEqualTypeOf<string>();
        expectTypeOf(event.resource_id_type).toEqualTypeOf<'User'>();
        return event.destination_user_id;
      }
      if (event.event_type === 'super_bill.updated') {
        expectTypeOf(event.patient_id).toEqualTypeOf<string | null>();
      }
      return event.resource_id;
    };
    expect(handle(getEvent('patient.merged')!.example)).toBe('1234');
    expect(handle(buildPayload('super_bill.updated', '53000', { patient_id: null }))).toBe('53000');
  });

  it('types buildPayload by its event type', () => {
    const body = buildPayload('feature_toggle.updated', '52000', {
      care_plan_id: null,
      user_id: '22222',
      user_group_id: null,
    });
    expectTypeOf(body).toEqualTypeOf<EventPayloadMap['feature_toggle.updated']>();
  });
});
