/**
 * Typed field constructors for resource declarations. A field is stored in a column of the same name
 * (snake_case, as Healthie names it) and exposed under that name in GraphQL. Each kind knows its column
 * type, its default GraphQL types, and how to read a client value into the stored value.
 */
import { parseId } from '../core/ids.js';

export type FieldKind =
  'text' | 'int' | 'float' | 'money' | 'bool' | 'date' | 'datetime' | 'ref' | 'foreignId' | 'enum' | 'json';

/** What a default may depend on: the caller. */
export interface DefaultContext {
  readonly userId: number;
  readonly organizationId: number;
}

export type Writable = 'both' | 'create' | 'update' | 'none';

export interface FieldOptions<V> {
  /** Must be given (not blank) on create, and may not be cleared on update. */
  required?: boolean;
  /** Stored on create when the input leaves the field out; also the column default for existing rows. */
  default?: V | ((caller: DefaultContext) => V | null);
  /** GraphQL output type, when Healthie types the field differently from the kind's default. */
  gql?: string;
  /** GraphQL input type, when Healthie's inputs type the field differently from the kind's default. */
  input?: string;
  /** Which standard mutations accept the field (default both). */
  writable?: Writable;
  /**
   * Longest value accepted, in characters (JSON: of the serialized value). Defaults by kind: see
   * `maxLengthOf`. Longer input is refused with a message naming the field.
   */
  maxLength?: number;
}

/** A declared field; `V` is the stored value's TypeScript type (used to derive the Kysely table type). */
export interface Field<V = unknown> {
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly defaultValue: V | ((caller: DefaultContext) => V | null) | undefined;
  readonly gql: string;
  readonly input: string;
  readonly writable: Writable;
  /** ref: the registry name of the referenced resource. */
  readonly target?: string;
  /** ref: name of a GraphQL field that returns the referenced object (e.g. `user` for `user_id`). */
  readonly object?: string;
  /**
   * ref: that field's GraphQL type when Healthie's is non-null (`User!`); only for a ref that always names a
   * row readable wherever its record is (a default stored at write time, in the record's organization).
   */
  readonly objectGql?: string;
  readonly values?: readonly string[];
  readonly format?: 'email';
  readonly min?: number;
  readonly max?: number;
  /** Declared longest value in characters; when absent, `maxLengthOf` gives the kind's default. */
  readonly maxLength?: number;
  /** No two rows of one organization may hold the same value. */
  readonly unique?: boolean;
  /** Type-level only: carries `V`. */
  readonly __value?: V;
}

/** The stored value type of a field. */
export type StoredValue<F> = F extends Field<infer V> ? V : never;

function field<V>(
  kind: FieldKind,
  gql: string,
  options: FieldOptions<V>,
  extra: Partial<Field<V>> = {},
): Field<V> {
  return {
    kind,
    required: options.required ?? false,
    defaultValue: options.default,
    gql: options.gql ?? gql,
    input: options.input ?? gql,
    writable: options.writable ?? 'both',
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
    ...extra,
  };
}

/** The longest text a `text` field takes unless it says otherwise (Healthie's long text: notes, content). */
export const TEXT_MAX_LENGTH = 10_000;
/** Names, email addresses and phone numbers: Healthie's short string columns. */
export const SHORT_TEXT_MAX_LENGTH = 255;
/** The longest serialized value a `json` field takes unless it says otherwise. */
export const JSON_MAX_LENGTH = 100_000;
/** Amounts and times are short by nature (dates have a fixed form); these caps only stop absurd input. */
const FORMATTED_MAX_LENGTH: Partial<Record<FieldKind, number>> = { money: 32, datetime: 64 };
/** Field names that are short strings at Healthie: `name`, `first_name`, `email`, `phone_number`, … */
const SHORT_TEXT_NAME = /(?:^|_)(?:name|email|phone|phone_number)$/;

/**
 * The longest value a field accepts, in characters, or undefined for kinds bounded by their form (ids,
 * numbers, flags, enum values). A declared `maxLength` wins; otherwise email fields and fields named like
 * names, emails and phone numbers take 255, other text 10,000, JSON 100,000 serialized characters.
 */
export function maxLengthOf(f: AnyField, name?: string): number | undefined {
  if (f.maxLength !== undefined) return f.maxLength;
  switch (f.kind) {
    case 'text':
      return f.format === 'email' || (name !== undefined && SHORT_TEXT_NAME.test(name))
        ? SHORT_TEXT_MAX_LENGTH
        : TEXT_MAX_LENGTH;
    case 'json':
      return JSON_MAX_LENGTH;
    default:
      return FORMATTED_MAX_LENGTH[f.kind];
  }
}

/** Length in characters (code points), counting only as far as needed to compare with `limit`. */
function longerThan(value: string, limit: number): boolean {
  if (value.length <= limit) return false;
  // Two UTF-16 units may be one character; count characters only when the quick answer is not enough.
  if (value.length > 2 * limit) return true;
  let count = 0;
  for (const _ of value) if (++count > limit) return true;
  return false;
}

const tooLong = (limit: number, what = 'characters'): Coerced => ({
  ok: false,
  message: `is too long (maximum is ${limit} ${what})`,
});

export interface TextOptions extends FieldOptions<string> {
  format?: 'email';
  unique?: boolean;
}

export const text = (options: TextOptions = {}): Field<string> =>
  field('text', 'String', options, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.unique ? { unique: true } : {}),
  });

/** An email address: trimmed and lower-cased before it is stored, as Healthie does. */
export const email = (options: Omit<TextOptions, 'format'> = {}): Field<string> =>
  text({ ...options, format: 'email' });

export const int = (options: FieldOptions<number> & { min?: number; max?: number } = {}): Field<number> =>
  field('int', 'Int', options, {
    ...(options.min === undefined ? {} : { min: options.min }),
    ...(options.max === undefined ? {} : { max: options.max }),
  });

export const float = (options: FieldOptions<number> = {}): Field<number> => field('float', 'Float', options);

/** An amount of money, stored as the decimal string given (Healthie types most amounts as String). */
export const money = (options: FieldOptions<string> = {}): Field<string> => field('money', 'String', options);

/** Stored as 0/1 so both dialects read the same. */
export const bool = (options: FieldOptions<boolean> = {}): Field<0 | 1> => {
  const { default: given, ...rest } = options;
  const stored = typeof given === 'boolean' ? (given ? 1 : 0) : undefined;
  return field<0 | 1>('bool', 'Boolean', { ...rest, ...(stored === undefined ? {} : { default: stored }) });
};

/** A calendar date, `YYYY-MM-DD`. */
export const date = (options: FieldOptions<string> = {}): Field<string> => field('date', 'String', options);

/** A date and time as the client wrote it (`YYYY-MM-DD HH:MM[:SS][ zone]` or ISO 8601). */
export const datetime = (options: FieldOptions<string> = {}): Field<string> =>
  field('datetime', 'String', options);

/** The id of another declared resource; it must exist within the caller's organizations. */
export const ref = (
  target: string,
  options: FieldOptions<number> & { object?: string; objectGql?: string } = {},
): Field<number> =>
  field('ref', 'ID', options, {
    target,
    ...(options.object ? { object: options.object } : {}),
    ...(options.objectGql ? { objectGql: options.objectGql } : {}),
  });

/** The id of something carehooks does not model (a coupon, a room): stored, never checked. */
export const foreignId = (options: FieldOptions<number> = {}): Field<number> =>
  field('foreignId', 'ID', options);

export const enumOf = <const T extends readonly string[]>(
  values: T,
  options: FieldOptions<T[number]> = {},
): Field<T[number]> => field('enum', 'String', options, { values });

/** Any JSON value (Healthie's `JSON` scalar), stored serialized. */
export const json = (options: FieldOptions<string> = {}): Field<string> => field('json', 'JSON', options);

export type AnyField = Field<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|UTC|[+-]\d{2}:?\d{2}))?)?$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const INTEGER = /^-?\d+$/;

function validDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day
  );
}

/**
 * Reads one client value into its stored form. `null` and the empty string mean "no value" for every
 * kind; the caller decides whether that is allowed (required fields). `name` is the field's name, for its
 * default maximum length (see `maxLengthOf`); a value over it is refused.
 */
export function coerce(f: AnyField, raw: unknown, name?: string): Coerced {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    return { ok: true, value: null };
  }
  const limit = maxLengthOf(f, name);
  if (limit !== undefined) {
    if (f.kind === 'json') {
      const serialized = JSON.stringify(raw);
      return longerThan(serialized, limit)
        ? tooLong(limit, 'characters as JSON')
        : { ok: true, value: serialized };
    }
    // Text is stored as given; formatted kinds are read trimmed.
    const given = typeof raw === 'string' ? (f.kind === 'text' ? raw : raw.trim()) : undefined;
    if (given !== undefined && longerThan(given, limit)) return tooLong(limit);
  }
  const asText = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : null;
  switch (f.kind) {
    case 'text': {
      if (typeof raw !== 'string') return { ok: false, message: 'must be text' };
      if (f.format === 'email') {
        const address = raw.trim().toLowerCase();
        return EMAIL.test(address)
          ? { ok: true, value: address }
          : { ok: false, message: 'must be a valid email address' };
      }
      return { ok: true, value: raw };
    }
    case 'int': {
      if (asText === null || !INTEGER.test(asText)) return { ok: false, message: 'must be a whole number' };
      const value = Number(asText);
      if (!Number.isSafeInteger(value)) return { ok: false, message: 'is out of range' };
      if (f.min !== undefined && value < f.min) return { ok: false, message: `must be at least ${f.min}` };
      if (f.max !== undefined && value > f.max) return { ok: false, message: `must be at most ${f.max}` };
      return { ok: true, value };
    }
    case 'float': {
      const value = asText === null || !DECIMAL.test(asText) ? Number.NaN : Number(asText);
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: 'must be a number' };
    }
    case 'money':
      return asText !== null && DECIMAL.test(asText)
        ? { ok: true, value: asText }
        : { ok: false, message: 'must be an amount such as 100.00' };
    case 'bool':
      if (typeof raw === 'boolean') return { ok: true, value: raw ? 1 : 0 };
      if (asText === 'true' || asText === 'false') return { ok: true, value: asText === 'true' ? 1 : 0 };
      return { ok: false, message: 'must be true or false' };
    case 'date':
      return asText !== null && validDate(asText)
        ? { ok: true, value: asText }
        : { ok: false, message: 'must be a date (YYYY-MM-DD)' };
    case 'datetime': {
      const match = asText === null ? null : DATETIME.exec(asText);
      return match && validDate(match[1]!)
        ? { ok: true, value: asText }
        : { ok: false, message: 'must be a date and time (YYYY-MM-DD HH:MM)' };
    }
    case 'ref':
    case 'foreignId': {
      const id = parseId(raw);
      return id === null ? { ok: false, message: 'must be an id' } : { ok: true, value: id };
    }
    case 'enum':
      return typeof raw === 'string' && f.values?.includes(raw)
        ? { ok: true, value: raw }
        : { ok: false, message: `must be one of: ${f.values?.join(', ')}` };
    case 'json':
      return { ok: true, value: JSON.stringify(raw) };
  }
}
