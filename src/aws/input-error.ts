// The one error for a caller's value that cannot be sent to AWS as given (a bad filter, limit,
// period, trace id). The schema turns it into BAD_USER_INPUT naming the argument.

export class InputError extends Error {
  /** The offending input, e.g. "limit" or "filter.httpMethod". */
  readonly field: string;
  /** The top-level argument it belongs to ("filter" for "filter.httpMethod"). */
  readonly argument: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InputError';
    this.field = field;
    this.argument = field.split('.')[0] ?? field;
  }
}
