/**
 * What a journal entry says of the food it records, as Healthie's food types:
 *
 * - `Entry.meals`: the meal a food entry records, made from its stored `meal_name` and `food_items` (one
 *   `Meal` whose id is the entry's). carehooks keeps no food database and serves no createMeal, so the
 *   foods are the ones the entry names. `food_items` is read as Healthie's clients send it: a JSON array
 *   whose items are food names or objects (`name` / `food_name` / `display_name`, `modifier`,
 *   `serving_size` with `amount`, `unit`, `calories`, and `nutrients` with `name`, `nutrient_value`,
 *   `nutrient_unit`, `category`), or else plain text, one food per line or comma. Each food item, its
 *   food and its serving are numbered `<entry id>-<position>`; a serving's `macro_nutrients` are its
 *   protein, fat and carbohydrates. An entry naming no meal and no food has none.
 * - `Entry.image`: the entry's picture as stored: `image_string` as the client gave it (a link or a data
 *   URL). An `image` upload is described by its content type only (carehooks keeps no files), so it gives
 *   no value here.
 * - `Entry.healthiness_info_hex_value`: a food entry's healthiness rating (its `metric_stat`, 1 to 10,
 *   rounded; values outside are taken as the nearest end) as a colour from red (1) to green (10);
 *   HEALTHINESS_COLOURS lists them. Healthie publishes no palette, so this one is carehooks' own. Other
 *   entries, and food entries without a rating, have none.
 */
import { encodeCursor, type Computed, type StoredRow } from '../../registry/index.js';

type Item = Record<string, unknown>;

/** Rating 1 … 10 → colour, red through amber to green (index 0 is rating 1). */
export const HEALTHINESS_COLOURS = [
  '#D32F2F',
  '#E53935',
  '#F4511E',
  '#FB8C00',
  '#FFB300',
  '#FDD835',
  '#C0CA33',
  '#7CB342',
  '#43A047',
  '#2E7D32',
] as const;

function healthinessColour(entry: StoredRow): string | null {
  if (entry.type !== 'FoodEntry' || entry.metric_stat == null) return null;
  const rating = Math.round(Number(entry.metric_stat));
  if (!Number.isFinite(rating)) return null;
  return HEALTHINESS_COLOURS[Math.min(Math.max(rating, 1), HEALTHINESS_COLOURS.length) - 1]!;
}

const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

const numberOf = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};

/** The items `food_items` lists: a JSON array as Healthie's clients send it, or plain text. */
function listedFoods(stored: unknown): unknown[] {
  const text = textOf(stored);
  if (text === null) return [];
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON after all: read as plain text.
    }
  }
  return text.split(/[\n,]/);
}

const nameOf = (item: unknown): string | null => {
  if (typeof item === 'string') return textOf(item);
  if (typeof item !== 'object' || item === null) return null;
  const given = item as Item;
  const food = typeof given.food === 'object' && given.food !== null ? (given.food as Item) : {};
  return (
    textOf(given.name) ?? textOf(given.food_name) ?? textOf(given.display_name) ?? textOf(food.name) ?? null
  );
};

function nutrients(given: unknown, id: string, foodId: string): Item[] {
  if (!Array.isArray(given)) return [];
  return given
    .filter((n): n is Item => typeof n === 'object' && n !== null)
    .map((n, index) => ({
      id: `${id}-${index + 1}`,
      name: textOf(n.name),
      nutrient_value: numberOf(n.nutrient_value ?? n.value),
      nutrient_unit: textOf(n.nutrient_unit ?? n.unit),
      category: textOf(n.category),
      food_id: foodId,
      fdc_import: false,
    }));
}

/** Nutrients that are macronutrients, by name (`Protein`, `Total Fat`, `Carbohydrate, by difference`). */
const MACRO = /protein|fat|carbohydrate/i;

/** One food of the meal: its `FoodItem`, with the `Food` and `ServingSize` it names. */
function foodItem(entry: StoredRow, item: unknown, id: string): Item | null {
  const name = nameOf(item);
  if (name === null) return null;
  const given = typeof item === 'object' && item !== null ? (item as Item) : {};
  const portion =
    typeof given.serving_size === 'object' && given.serving_size !== null
      ? (given.serving_size as Item)
      : null;
  const foodNutrients = nutrients(given.nutrients, id, id);
  const servingSize =
    portion === null
      ? null
      : {
          id,
          food_id: id,
          amount: numberOf(portion.amount),
          unit: textOf(portion.unit),
          calories: numberOf(portion.calories),
          modifier: numberOf(given.modifier),
          fdc_import: false,
          food_portion_id: null,
          macro_nutrients: foodNutrients.filter((n) => MACRO.test(String(n.name ?? ''))),
          nutrients: foodNutrients,
        };
  return {
    id,
    modifier: numberOf(given.modifier),
    serving_size: servingSize,
    food: {
      id,
      cursor: Buffer.from(`food:${id}`).toString('base64'),
      name,
      display_name: name,
      // The entry's poster named the food; it is nobody's saved food.
      creator_name: null,
      user_id: entry.user_id == null ? null : String(entry.user_id),
      edamam_import_id: null,
      fdc_import: false,
      default_serving_size: servingSize,
      serving_sizes: servingSize === null ? [] : [servingSize],
      nutrients: foodNutrients,
    },
  };
}

/** The meal a food entry records; none when it names neither a meal nor a food. */
function entryMeals(entry: StoredRow): Item[] {
  const foods = listedFoods(entry.food_items)
    .map((item, index) => foodItem(entry, item, `${entry.id}-${index + 1}`))
    .filter((item): item is Item => item !== null);
  const name = textOf(entry.meal_name);
  if (name === null && foods.length === 0) return [];
  return [
    {
      id: String(entry.id),
      cursor: encodeCursor(entry.id),
      name,
      user_id: entry.user_id == null ? null : String(entry.user_id),
      food_items: foods,
    },
  ];
}

export const entryMealFields: Record<string, Computed> = {
  meals: { type: '[Meal!]', resolve: entryMeals },
  image: { type: 'Upload', resolve: (entry) => textOf(entry.image_string) },
  healthiness_info_hex_value: { type: 'String', resolve: healthinessColour },
};

/** Healthie's food types, read from the values above by field name. */
export const mealTypes: Record<string, Record<string, string | Computed>> = {
  Meal: { cursor: 'Cursor!', food_items: '[FoodItem!]', id: 'ID!', name: 'String', user_id: 'String' },
  FoodItem: { food: 'Food', id: 'ID!', modifier: 'Float', serving_size: 'ServingSize' },
  Food: {
    creator_name: 'String',
    cursor: 'Cursor!',
    default_serving_size: 'ServingSize',
    display_name: 'String',
    edamam_import_id: 'String',
    fdc_import: 'Boolean!',
    id: 'ID!',
    name: 'String!',
    nutrients: '[FoodNutrient!]',
    serving_sizes: '[ServingSize!]',
    user_id: 'String',
  },
  ServingSize: {
    amount: 'Float',
    calories: 'Float',
    fdc_import: 'Boolean!',
    food_id: 'String',
    food_portion_id: 'ID',
    id: 'ID!',
    macro_nutrients: '[FoodNutrient!]',
    modifier: 'Float',
    // `food_search` asks for a search result's nutrients: the same ones here.
    nutrients: {
      type: '[FoodNutrient!]',
      args: { food_search: 'Boolean' },
      resolve: (size) => (size as Item).nutrients ?? [],
    },
    unit: 'String',
  },
  FoodNutrient: {
    category: 'String',
    fdc_import: 'Boolean!',
    food_id: 'String',
    id: 'ID!',
    name: 'String',
    nutrient_unit: 'String',
    nutrient_value: 'Float',
  },
};
