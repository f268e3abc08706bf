/** Every hand-written recipe, and what the derived ones need; see prerequisites.ts and the *-recipes.ts files. */
import { internalRecipes } from './internal-recipes.js';
import { mutationRecipes } from './mutation-recipes.js';
import type { Recipe } from './standard.js';

export { creators, createHints, updateHints } from './prerequisites.js';

/** Event types the trigger reads back from its own deliveries (see observer.ts). */
export const OBSERVED_EVENT_TYPES = [
  'applied_tag.created',
  'applied_tag.deleted',
  'folder_sharing.created',
  'folder_sharing.deleted',
  'goal_template.created',
  'test.created',
] as const;

/** Recipes for the events no standard create / update / delete emits. */
export const specialRecipes = new Map<string, Recipe>([...mutationRecipes, ...internalRecipes]);
