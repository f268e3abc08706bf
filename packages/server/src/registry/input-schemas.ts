/**
 * zod pieces for input the registry's generic machinery does not read: internal endpoint bodies and special
 * mutations' inputs. Ids come as numbers or numeric strings, as in GraphQL. `parseInput` turns a schema's
 * issues into the field errors a mutation answers with (`messages`), naming each field by its API path.
 */
import { z } from 'zod';
import { ValidationFailure, type FieldError } from '../core/field-errors.js';

export const id = z
  .union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/, 'must be an id')])
  .transform(Number);

export const optionalText = z.string().max(10_000).nullish();
export const requiredText = z.string().trim().min(1, 'is required').max(10_000);

/** A decimal amount ("12.50" or 12.5), stored as Healthie's money string. */
export const money = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be an amount like 12.50')])
  .transform(String);

/** An instant with its offset (`2026-11-27T12:00:00Z`), kept as ISO-8601 UTC. */
export const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** The field errors of a failed parse: the issue's path as the field (`body` for the whole input). */
export function fieldErrors(error: z.ZodError, whole = 'input'): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : whole,
    message: issue.message,
  }));
}

/**
 * Parses a special mutation's input; on failure rolls the unit of work back with `messages`. Give each
 * check the message clients see today (`z.string({ error: 'Email is required' })`), since messages are API.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationFailure(fieldErrors(parsed.error));
  return parsed.data;
}
