/**
 * WebCrypto from the global scope, so one build runs in Node, Deno, Bun, edge runtimes and browsers.
 * Node 18 keeps it off the global scope by default; there it comes from node:crypto's `webcrypto`,
 * loaded only on that path (the specifier is built at run time so web bundlers leave it alone).
 */
let cached: SubtleCrypto | undefined;

export async function subtleCrypto(): Promise<SubtleCrypto> {
  if (cached) return cached;
  const global = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (global) return (cached = global);
  const specifier = ['node', 'crypto'].join(':');
  try {
    const nodeCrypto = (await import(specifier)) as { webcrypto?: Crypto };
    if (nodeCrypto.webcrypto?.subtle) return (cached = nodeCrypto.webcrypto.subtle);
  } catch {
    // Not Node: fall through to the error below.
  }
  throw new Error(
    'WebCrypto is not available: this runtime has neither globalThis.crypto.subtle nor node:crypto',
  );
}
