/** Request headers: a plain object (any name case, string or string[] values, as Node gives them) or `Headers`. */
export type HeadersInput = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** One header's value, case-insensitively; repeated values are joined with `, ` as HTTP folds them. */
export function headerValue(headers: HeadersInput, name: string): string | undefined {
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === 'string') values.push(value);
    else values.push(...value);
  }
  return values.length === 0 ? undefined : values.join(', ');
}

function isHeaders(headers: HeadersInput): headers is Headers {
  return typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function';
}
