/** Reading nested objects out of a mutation's input (GraphQL gives them as plain objects). */
export type InputItem = Record<string, unknown>;

/** The value as a nested input object, or undefined when it is absent, a scalar or a list. */
export function nestedItem(value: unknown): InputItem | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as InputItem)
    : undefined;
}
