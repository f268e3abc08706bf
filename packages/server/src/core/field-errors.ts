/**
 * The one shape of "bad input": a field (by its API name, `null` for the request as a whole) and a message.
 * GraphQL mutations answer a list of them as `messages`; HTTP endpoints as a 400 `{ errors }`.
 */
export interface FieldError {
  field: string;
  message: string;
}

/** Thrown inside a unit of work to roll it back and answer with the field errors. */
export class ValidationFailure extends Error {
  constructor(readonly messages: readonly FieldError[]) {
    super(`Invalid input: ${messages.map((m) => `${m.field}: ${m.message}`).join('; ')}`);
  }
}

export function fail(field: string, message: string): never {
  throw new ValidationFailure([{ field, message }]);
}

/** Runs nested work (one item of a list input), naming its fields `<prefix>.<field>` in messages. */
export async function within<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ValidationFailure)) throw error;
    throw new ValidationFailure(
      error.messages.map((m) => ({ field: `${prefix}.${m.field}`, message: m.message })),
    );
  }
}

/**
 * A query argument that cannot be used (queries have no `messages`): the API answers a GraphQL error with
 * this message, `extensions.code` BAD_USER_INPUT and the argument's name.
 */
export class InvalidArgumentError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}
