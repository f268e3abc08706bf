/**
 * `keywords` arguments of list queries: a case-insensitive substring match, read literally. `%`, `_` and
 * `\` match themselves (they are escaped in the LIKE pattern); keywords are at most MAX_KEYWORDS_LENGTH
 * characters and may not contain NUL, which SQLite would read as the end of the pattern (matching
 * everything) and PostgreSQL refuses.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { InvalidArgumentError } from './field-errors.js';

export const MAX_KEYWORDS_LENGTH = 200;

/** The keywords to filter on, or null when the argument is absent or blank; throws when unusable. */
export function readKeywords(value: unknown, argument = 'keywords'): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '') return null;
  if (text.length > MAX_KEYWORDS_LENGTH) {
    throw new InvalidArgumentError(argument, `${argument} is longer than ${MAX_KEYWORDS_LENGTH} characters.`);
  }
  if (text.includes('\u0000')) {
    throw new InvalidArgumentError(argument, `${argument} must not contain NUL (U+0000) characters.`);
  }
  return text;
}

/** A LIKE pattern (escape character `\`) matching any text that contains `keywords` in lower case. */
export function containsPattern(keywords: string): string {
  return `%${keywords.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `lower(column)` contains the keywords, on SQLite and PostgreSQL alike. */
export function containsKeywords(column: Expression<unknown>, keywords: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${containsPattern(keywords)} escape '\\'`;
}
