/**
 * Recipes derived from the registry: every resource with a fixed event prefix gets `<prefix>.created`,
 * `.updated` and `.deleted` from its standard mutations. The record updated or deleted is made for the
 * purpose, so shared prerequisites stay as they were.
 */
import type { AnyResource, Registry } from '../../registry/index.js';
import type { Recipe, TriggerContext, UpdateHint } from '../../registry/trigger-kit.js';
import { recordId, updateFor } from './context.js';

export function standardRecipes(
  registry: Registry,
  updateHints: Record<string, UpdateHint>,
): Map<string, Recipe> {
  const recipes = new Map<string, Recipe>();
  for (const r of registry.resources) {
    if (typeof r.events !== 'string') continue;
    const { create, update, delete: remove } = r.mutations;
    if (create) recipes.set(`${r.events}.created`, (ctx) => ctx.create(r.name));
    if (update) recipes.set(`${r.events}.updated`, (ctx) => updateRecipe(ctx, r, updateHints[r.name]));
    if (remove) {
      recipes.set(`${r.events}.deleted`, async (ctx) => {
        const id = await ctx.create(r.name);
        await ctx.standard(r, 'delete', { id });
        return id;
      });
    }
  }
  return recipes;
}

async function updateRecipe(
  ctx: TriggerContext,
  r: AnyResource,
  hint: UpdateHint | undefined,
): Promise<string> {
  const id = await ctx.create(r.name);
  const change = hint ? await hint(ctx, id) : updateFor(r, ctx.next());
  if (!change) throw new Error(`${r.name} has no field the trigger knows how to change`);
  return recordId(await ctx.standard(r, 'update', { id, ...change }), r);
}
