/** Errors a command reports as one line, without a stack trace. */
export class CliError extends Error {}

export function parseId(value: string, flag: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(id))
    throw new CliError(`${flag} must be a numeric id, got "${value}".`);
  return id;
}
