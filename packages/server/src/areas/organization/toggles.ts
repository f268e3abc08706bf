/**
 * Feature toggles beyond their own flags.
 *
 * `custom_metrics` (CustomMetricInput): an item without `id` adds a custom metric to the toggle, one with
 * `id` edits that metric of the toggle, `_destroy` removes it (and its overrides).
 * `custom_metric_overrides` (CustomMetricOverridesInput): an item without `id` overrides the visibility of
 * `custom_metric_id` (a custom metric in the caller's organizations) for this toggle, or edits the
 * toggle's override of it when there is one; an item with `id` edits that override of the toggle.
 * Custom metrics and overrides emit no events.
 *
 * The derived fields read the toggle's flags and custom metrics: its metric categories (the built-in
 * metrics it shows, then the custom metrics it shows), whether it tracks any journal entry type, its care
 * plan, group and user's activity level, and whether its user has a C-CDA document.
 */
import {
  accountDefault,
  fail,
  findRow,
  insertRow,
  parseId,
  typedDb,
  typedTransaction,
  updateRecord,
  validateInput,
  within,
  type Computed,
  type RecordChange,
  type Reader,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import type { ClinicalTables } from '../clinical/index.js';
import type { DocumentsTables } from '../documents/index.js';
import type { PatientsTables } from '../patients/index.js';
import { CustomMetric, CustomMetricOverride, FeatureToggle, type OrganizationTables } from './resources.js';

type Item = Record<string, unknown>;

const itemsOf = (value: unknown): Item[] =>
  Array.isArray(value) ? value.filter((item): item is Item => typeof item === 'object' && item !== null) : [];

const db = (reader: Reader) => typedDb<OrganizationTables>(reader);

async function toggleRows(
  reader: Reader,
  table: 'custom_metrics' | 'custom_metric_overrides',
  toggleId: number,
): Promise<StoredRow[]> {
  return (await db(reader)
    .selectFrom(table)
    .selectAll()
    .where('feature_toggle_id', '=', toggleId)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id')
    .execute()) as unknown as StoredRow[];
}

async function editMetrics(work: Work, toggle: StoredRow, value: unknown): Promise<void> {
  for (const [index, item] of itemsOf(value).entries()) {
    await within(`custom_metrics.${index}`, async () => {
      const { id, _destroy: destroy, ...fields } = item;
      if (id === undefined || id === null || id === '') {
        if (destroy === true) return;
        const { values } = await validateInput(work, CustomMetric, fields, 'create');
        await insertRow(
          work,
          CustomMetric,
          { ...values, feature_toggle_id: toggle.id },
          toggle.organization_id,
        );
        return;
      }
      const metric = (await toggleRows(work, 'custom_metrics', toggle.id)).find((m) => m.id === parseId(id));
      if (!metric) fail('id', `CustomMetric ${String(id)} was not found`);
      if (destroy === true) {
        const trx = typedTransaction<OrganizationTables>(work);
        await trx.deleteFrom('custom_metric_overrides').where('custom_metric_id', '=', metric.id).execute();
        await trx.deleteFrom('custom_metrics').where('id', '=', metric.id).execute();
      } else await updateRecord(work, CustomMetric, metric, fields);
    });
  }
}

async function editOverrides(work: Work, toggle: StoredRow, value: unknown): Promise<void> {
  for (const [index, item] of itemsOf(value).entries()) {
    await within(`custom_metric_overrides.${index}`, async () => {
      const { id, custom_metric_id: metricId, ...fields } = item;
      const overrides = await toggleRows(work, 'custom_metric_overrides', toggle.id);
      if (id !== undefined && id !== null && id !== '') {
        const override = overrides.find((o) => o.id === parseId(id));
        if (!override) fail('id', `CustomMetricOverride ${String(id)} was not found`);
        await updateRecord(work, CustomMetricOverride, override, {
          ...fields,
          custom_metric_id: metricId ?? undefined,
        });
        return;
      }
      const existing = overrides.find((o) => o.custom_metric_id === parseId(metricId));
      if (existing) {
        await updateRecord(work, CustomMetricOverride, existing, fields);
        return;
      }
      const { values } = await validateInput(
        work,
        CustomMetricOverride,
        { ...fields, custom_metric_id: metricId },
        'create',
      );
      await insertRow(
        work,
        CustomMetricOverride,
        { ...values, feature_toggle_id: toggle.id },
        toggle.organization_id,
      );
    });
  }
}

async function afterWrite(work: Work, change: RecordChange): Promise<void> {
  await editMetrics(work, change.row, change.input.custom_metrics);
  await editOverrides(work, change.row, change.input.custom_metric_overrides);
}

async function afterDelete(work: Work, change: RecordChange): Promise<void> {
  const trx = typedTransaction<OrganizationTables>(work);
  await trx.deleteFrom('custom_metric_overrides').where('feature_toggle_id', '=', change.row.id).execute();
  await trx.deleteFrom('custom_metrics').where('feature_toggle_id', '=', change.row.id).execute();
}

export const toggleHooks = {
  createFeatureToggle: { after: afterWrite },
  updateFeatureToggle: { after: afterWrite },
  deleteFeatureToggle: { after: afterDelete },
};

/** The built-in metrics a toggle can show, by flag, as Healthie names their categories. */
const METRICS: Array<[string, string]> = [
  ['show_weight_metric', 'Weight'],
  ['show_blood_pressure_metric', 'Blood Pressure'],
  ['show_blood_sugar_metric', 'Blood Sugar'],
  ['show_a1c_metric', 'A1C'],
  ['show_bf_percent_metric', 'Body Fat %'],
  ['show_bmr_metric', 'BMR'],
  ['show_body_temperature_metric', 'Body Temperature'],
  ['show_ox_sat_metric', 'Oxygen Saturation'],
  ['show_waist_circumference_metric', 'Waist Circumference'],
];

const ENTRY_TYPES = ['show_food', 'show_workout', 'show_metric', 'show_note', 'show_mirror'];

const on = (row: StoredRow, flag: string) => Number(row[flag]) === 1;

const customMetrics = (toggle: StoredRow, reader: Reader) => toggleRows(reader, 'custom_metrics', toggle.id);

async function shownCustomMetricNames(toggle: StoredRow, reader: Reader): Promise<string[]> {
  return (await customMetrics(toggle, reader))
    .filter((metric) => on(metric, 'show'))
    .map((metric) => String(metric.name));
}

async function metricCategories(toggle: StoredRow, reader: Reader): Promise<string[]> {
  const builtIn = METRICS.filter(([flag]) => on(toggle, flag)).map(([, name]) => name);
  return [...builtIn, ...(await shownCustomMetricNames(toggle, reader))];
}

async function carePlan(toggle: StoredRow, reader: Reader): Promise<unknown> {
  if (typeof toggle.care_plan_id !== 'number') return null;
  return (
    (await typedDb<ClinicalTables>(reader)
      .selectFrom('care_plans')
      .selectAll()
      .where('id', '=', toggle.care_plan_id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) ?? null
  );
}

async function userGroup(toggle: StoredRow, reader: Reader): Promise<unknown> {
  if (typeof toggle.user_group_id !== 'number') return null;
  return (
    (await typedDb<PatientsTables>(reader)
      .selectFrom('user_groups')
      .selectAll()
      .where('id', '=', toggle.user_group_id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) ?? null
  );
}

async function activityLevel(toggle: StoredRow, reader: Reader): Promise<string | null> {
  if (typeof toggle.user_id !== 'number') return null;
  const user = await typedDb<PatientsTables>(reader)
    .selectFrom('users')
    .select('activity_level')
    .where('id', '=', toggle.user_id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return user?.activity_level ?? null;
}

async function hasCcda(toggle: StoredRow, reader: Reader): Promise<boolean> {
  if (typeof toggle.user_id !== 'number') return false;
  const document = await typedDb<DocumentsTables>(reader)
    .selectFrom('documents')
    .select('id')
    .where('rel_user_id', '=', toggle.user_id)
    .where('organization_id', 'in', reader.scope)
    .where((eb) =>
      eb.or([
        eb('generate_ccda_for_rel_user_id', '=', 1),
        eb('generate_human_readable_ccda_for_rel_user_id', '=', 1),
      ]),
    )
    .executeTakeFirst();
  return document !== undefined;
}

/**
 * The symptoms a symptom entry offers (`SymptomOption`: id and name alike, then its place). Healthie does not
 * publish a new account's list; this common one is carehooks' choice.
 */
const STANDARD_SYMPTOMS = [
  'Bloating',
  'Constipation',
  'Cramping',
  'Diarrhea',
  'Fatigue',
  'Gas',
  'Headache',
  'Heartburn',
  'Nausea',
  'Stomach Pain',
].map((name, index) => ({ id: name, name, value: index + 1 }));

/** Healthie's type of the options above. */
export const symptomOptionType = { SymptomOption: { id: 'ID!', name: 'String!', value: 'Int!' } };

export const toggleFields: Record<string, Computed> = {
  custom_metrics: { type: '[CustomMetric!]', resolve: customMetrics },
  metric_category_objects: { type: '[CustomMetric!]', resolve: customMetrics },
  initial_custom_metric_overrides: {
    type: '[CustomMetricOverride!]',
    resolve: (toggle, reader) => toggleRows(reader, 'custom_metric_overrides', toggle.id),
  },
  returned_custom_metrics: { type: '[String!]!', resolve: shownCustomMetricNames },
  metric_categories: { type: '[String!]!', resolve: metricCategories },
  line_graph_metric_categories: { type: '[String]', resolve: metricCategories },
  has_any_entry_types: { type: 'Boolean', resolve: (toggle) => ENTRY_TYPES.some((flag) => on(toggle, flag)) },
  has_ccda: { type: 'Boolean', resolve: hasCcda },
  seperate_provider_metric_from_client: {
    type: 'Boolean',
    resolve: (toggle) => on(toggle, 'separate_provider_metric_from_client'),
  },
  uses_feature_toggle_from_care_plan: {
    type: 'Boolean',
    resolve: (toggle) => typeof toggle.care_plan_id === 'number',
  },
  last_journal_date_range_preference: {
    type: 'String',
    resolve: (toggle) =>
      typeof toggle.date_range_preference === 'string' ? toggle.date_range_preference : null,
  },
  activity_level: { type: 'String', resolve: activityLevel },
  care_plan: { type: 'CarePlan', resolve: carePlan },
  user_group: { type: 'UserGroup', resolve: userGroup },
  // Sleep tracking and the Dexcom integration are not modelled; a new account has neither on.
  show_sleep: accountDefault('Boolean', false),
  line_graph_sleep_categories: accountDefault('[String]', []),
  allow_dexcom_sync: accountDefault('Boolean', false),
  // The category lists a new Healthie account starts with.
  food_categories: accountDefault('[String!]!', ['Breakfast', 'Lunch', 'Dinner', 'Snack']),
  workout_categories: accountDefault('[String!]!', ['Cardio', 'Strength', 'Flexibility', 'Sports', 'Other']),
  mirror_categories: accountDefault('[String!]!', ['Hunger', 'Fullness', 'Emotions', 'Reflection']),
  // Custom symptoms are not modelled: every account offers the list above.
  symptom_options: accountDefault('[SymptomOption!]!', STANDARD_SYMPTOMS),
};

/**
 * `featureToggleForEditing`: the toggle named by `id`, or else the one of the care plan, the user group or
 * the user given (the first that names one, in that order); null when there is none.
 */
async function toggleForEditing(
  _root: StoredRow,
  reader: Reader,
  args: Record<string, unknown>,
): Promise<unknown> {
  const id = parseId(args.id);
  if (args.id != null) return id === null ? null : ((await findRow(reader, FeatureToggle, id)) ?? null);
  for (const column of ['care_plan_id', 'user_group_id', 'user_id'] as const) {
    if (args[column] == null) continue;
    return (
      (await db(reader)
        .selectFrom('feature_toggles')
        .selectAll()
        .where(column, '=', parseId(args[column]) ?? -1)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .executeTakeFirst()) ?? null
    );
  }
  return null;
}

export const toggleQueries: Record<string, Computed> = {
  featureToggleForEditing: {
    type: 'FeatureToggle',
    args: { care_plan_id: 'ID', id: 'ID', user_group_id: 'ID', user_id: 'ID' },
    resolve: toggleForEditing,
  },
};

/** `CustomMetric` and `CustomMetricOverride` fields derived from their toggle and metric. */
async function toggleOf(row: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  return (await db(reader)
    .selectFrom('feature_toggles')
    .selectAll()
    .where('id', '=', row.feature_toggle_id as number)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

async function metricOf(override: StoredRow, reader: Reader): Promise<StoredRow | undefined> {
  return findRow(reader, CustomMetric, override.custom_metric_id as number);
}

export const metricFields: Record<string, Computed> = {
  user_id: {
    type: 'Int',
    resolve: async (metric, reader) => (await toggleOf(metric, reader))?.user_id ?? null,
  },
  should_show: { type: 'Boolean', resolve: (metric) => on(metric, 'show') },
  should_show_client: { type: 'Boolean', resolve: (metric) => on(metric, 'show_client') },
};

export const overrideFields: Record<string, Computed> = {
  user_id: {
    type: 'Int',
    resolve: async (override, reader) => (await toggleOf(override, reader))?.user_id ?? null,
  },
  name: {
    type: 'String',
    resolve: async (override, reader) => (await metricOf(override, reader))?.name ?? null,
  },
  track: {
    type: 'Boolean',
    resolve: async (override, reader) => {
      const metric = await metricOf(override, reader);
      return metric ? on(metric, 'track') : null;
    },
  },
  // Overrides made here belong to no form.
  form_id: { type: 'String', resolve: () => null },
};
