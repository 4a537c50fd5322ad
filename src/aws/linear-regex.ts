// Every regular expression a user writes (LogFilter.matches, log_stream_pattern, a Logs Insights
// `like /.../` or `parse`, a FilterLogEvents %regex%) runs on RE2 (re2js): matching time is linear
// in the input, so no pattern can hold the event loop. A backtracking engine (RegExp) takes
// exponential time on a pattern such as `(.+)+\x00`, which would freeze every request of the process.
import { RE2JS, RE2JSException } from 're2js';

export type LinearRegex = RE2JS;

export interface LinearRegexFlags {
  ignoreCase?: boolean;
  /** `.` matches line breaks too. */
  dotAll?: boolean;
  /** `^` and `$` match at line breaks too. */
  multiline?: boolean;
}

/** A pattern RE2 cannot compile (its message says why). */
export class RegexSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

export function compileLinearRegex(source: string, flags: LinearRegexFlags = {}): LinearRegex {
  const mask = (flags.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (flags.dotAll ? RE2JS.DOTALL : 0) | (flags.multiline ? RE2JS.MULTILINE : 0);
  try {
    return RE2JS.compile(source, mask);
  } catch (error) {
    if (error instanceof RE2JSException) throw new RegexSyntaxError(error.message);
    throw error;
  }
}

/** JavaScript-style flag letters (`i`, `m`, `s`) as LinearRegexFlags. */
export function linearRegexFlags(letters: string): LinearRegexFlags {
  return { ignoreCase: letters.includes('i'), multiline: letters.includes('m'), dotAll: letters.includes('s') };
}
