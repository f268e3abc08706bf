/**
 * A cost limit on queries: every selected field costs one, and a field with a page-size argument
 * (`first`, `page_size`, `limit`) multiplies the cost of its selection by it. List queries default to
 * small pages, so together with the depth limit a query cannot ask for an unbounded amount of work.
 */
import {
  GraphQLError,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

const PAGE_SIZE_ARGUMENTS = new Set(['first', 'page_size', 'limit']);

function pageSize(field: FieldNode): number {
  for (const arg of field.arguments ?? []) {
    if (PAGE_SIZE_ARGUMENTS.has(arg.name.value) && arg.value.kind === Kind.INT) {
      return Math.max(1, Number(arg.value.value));
    }
  }
  return 1;
}

export function complexityLimit(maximum: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const cost = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      let total = 0;
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) {
          const inner = selection.selectionSet ? cost(selection.selectionSet, seen) : 0;
          total += 1 + inner * pageSize(selection);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += cost(selection.selectionSet, seen);
        } else {
          const name = selection.name.value;
          if (seen.has(name)) continue;
          total += cost(fragments.get(name)?.selectionSet, new Set(seen).add(name));
        }
        if (total > maximum) return total;
      }
      return total;
    };
    return {
      OperationDefinition(operation) {
        const total = cost(operation.selectionSet, new Set());
        if (total > maximum) {
          context.reportError(
            new GraphQLError(`Query is too complex: cost ${total} exceeds the limit of ${maximum}.`, {
              nodes: [operation],
            }),
          );
        }
      },
    };
  };
}
