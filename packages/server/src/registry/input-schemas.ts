/** Body field types the internal endpoints share. Ids come as numbers or numeric strings, as in GraphQL. */
import { z } from 'zod';

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
