/**
 * A pass over a GraphQL document's text before graphql-js parses it:
 *
 * - **Empty argument lists.** Healthie (graphql-ruby) accepts `query webhooks() { … }` and `field()`;
 *   graphql-js refuses them. An empty pair of parentheses is never valid GraphQL, so removing it changes
 *   nothing else. Strings, block strings and comments are left exactly as they are.
 * - **Nesting.** graphql-js parses and validates recursively, so a document nested thousands of brackets
 *   deep exhausts the stack. Documents nested deeper than `maxNesting` brackets are refused first.
 */

export type PreparedQuery = { ok: true; source: string } | { ok: false; nesting: number };

const isIgnored = (c: string) =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === '\uFEFF';

/** The index just past a comment starting at `i` (at its line end). */
function skipComment(source: string, i: number): number {
  while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
  return i;
}

/** The index just past the string starting at `i` (a `"` or `"""`); the end of text when unterminated. */
function skipString(source: string, i: number): number {
  if (source.startsWith('"""', i)) {
    let j = i + 3;
    while (j < source.length) {
      if (source[j] === '\\' && source.startsWith('"""', j + 1)) j += 4;
      else if (source.startsWith('"""', j)) return j + 3;
      else j++;
    }
    return j;
  }
  let j = i + 1;
  while (j < source.length) {
    const c = source[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else j++;
  }
  return j;
}

/** When `(` at `i` is followed only by ignored tokens and `)`, the index just past that `)`. */
function emptyParentheses(source: string, i: number): number | undefined {
  let j = i + 1;
  while (j < source.length) {
    const c = source[j]!;
    if (c === ')') return j + 1;
    if (c === '#') j = skipComment(source, j);
    else if (isIgnored(c)) j++;
    else return undefined;
  }
  return undefined;
}

export function prepareQuery(source: string, maxNesting: number): PreparedQuery {
  let nesting = 0;
  let deepest = 0;
  let kept = '';
  let from = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '#') {
      i = skipComment(source, i);
      continue;
    }
    if (c === '"') {
      i = skipString(source, i);
      continue;
    }
    const empty = c === '(' ? emptyParentheses(source, i) : undefined;
    if (empty !== undefined) {
      kept += source.slice(from, i);
      from = i = empty;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') {
      nesting++;
      if (nesting > deepest) {
        deepest = nesting;
        if (deepest > maxNesting) return { ok: false, nesting: deepest };
      }
    } else if (c === '}' || c === ')' || c === ']') {
      nesting--;
    }
    i++;
  }
  return { ok: true, source: from === 0 ? source : kept + source.slice(from) };
}
