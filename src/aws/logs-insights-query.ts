// Logs Insights query text for a service: the seed's shape
//   fields @timestamp, @message, @logStream, @log | filter @logStream like /(^|\/)<service>(\/|$)/ | filter ... | sort @timestamp desc | limit N
// Every user string is either a double-quoted literal (contains/exclude) or a validated, delimited
// regular expression (matches, log_stream_pattern), encoded so that no quote, slash, backslash,
// pipe, newline or `#` can end the literal and change the query's structure.
import { LRUCache } from 'lru-cache';
import { formatDuration, parseDuration } from '../config/duration.ts';
import { InputError } from './input-error.ts';
import { compileLinearRegex, RegexSyntaxError } from './linear-regex.ts';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** The words a level is written as in a log line (plain text, JSON `level`, Lambda's tab format). */
export const LEVEL_WORDS: Readonly<Record<LogLevelName, readonly string[]>> = {
  TRACE: ['TRACE'],
  DEBUG: ['DEBUG'],
  INFO: ['INFO'],
  WARN: ['WARN', 'WARNING'],
  ERROR: ['ERROR'],
  FATAL: ['FATAL', 'CRITICAL'],
};

/** The words of a level (own keys only: a level named "constructor" is unknown); InputError for an unknown one. */
export function levelWords(level: string): readonly string[] {
  if (!Object.hasOwn(LEVEL_WORDS, level)) throw new InputError('filter.levels', `unknown level ${JSON.stringify(level)}; levels: ${LOG_LEVELS.join(', ')}`);
  return LEVEL_WORDS[level as LogLevelName];
}

/** What a user may ask of a service's log lines; every part is optional and they combine with AND. */
export interface LogFilter {
  /** A literal the line must contain (case-sensitive). */
  contains?: string | null;
  /** A regular expression the line must match (Logs Insights' syntax; `(?i)` prefix for case-insensitive). */
  matches?: string | null;
  /** A literal the line must not contain. */
  exclude?: string | null;
  /** Any of these levels, as a whole word in the line. */
  levels?: readonly LogLevelName[] | null;
}

/** Where a service's lines are: explicit log groups or the profile's prefix, and a @logStream pattern. */
export interface LogSource {
  /** The service's own log groups; undefined: every log group of the profile's prefix. */
  logGroups: string[] | undefined;
  /** A regular expression (already validated) that @logStream must match; undefined: no stream filter. */
  streamPattern: string | undefined;
}

/** Longest user string accepted in one filter part (the whole query may be 10,000 characters). */
export const MAX_FILTER_TEXT = 1_000;
export const MAX_QUERY_STRING = 10_000;
export const MAX_QUERY_LIMIT = 10_000;

const LINE_SEPARATORS = /[\u2028\u2029\u0085]/;
const hex2 = (code: number): string => `\\x${code.toString(16).padStart(2, '0')}`;
const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

function checkText(argument: string, text: string): void {
  if (text.length === 0) throw new InputError(argument, 'must not be empty');
  if (text.length > MAX_FILTER_TEXT) throw new InputError(argument, `at most ${MAX_FILTER_TEXT} characters; got ${text.length}`);
  if (LINE_SEPARATORS.test(text)) throw new InputError(argument, 'must not contain Unicode line separators (U+2028, U+2029, U+0085)');
}

/**
 * A double-quoted Logs Insights string literal that is exactly `text`: backslash and quote are
 * escaped, newline/CR/tab written as \n \r \t; other control characters are refused (a string
 * literal has no way to write them).
 */
export function quoteLiteral(text: string, argument = 'text'): string {
  checkText(argument, text);
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (isControl(code)) throw new InputError(argument, `must not contain the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`);
    else out += char;
  }
  return `${out}"`;
}

/**
 * The default @logStream condition of a service searched over the profile's prefix: its name as a
 * whole segment of the stream name (`ecs/payments-api/<task>`), so service `payments` never reads
 * the streams of `payments-api` (another service, maybe outside the caller's scope).
 */
export function serviceStreamPattern(service: string): string {
  return `(^|/)${literalRegexSource(service)}(/|$)`;
}

/** A regular expression source matching `text` literally (for service names). */
export function literalRegexSource(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Constructs Logs Insights (Java-style) regexes do not take, or that other engines read differently.
const UNSUPPORTED_REGEX: ReadonlyArray<[RegExp, string]> = [
  [/\(\?<[=!]/, 'lookbehind ((?<= or (?<!) is not supported'],
  [/\(\?[=!]/, 'lookahead ((?= or (?!) is not supported'],
  [/\(\?>/, 'atomic groups ((?>...) are not supported'],
  [/\\[1-9]|\\k</, 'backreferences are not supported'],
  [/\\[QE]/, '\\Q...\\E quoting is not supported; escape the characters instead'],
  [/\\[pPu]\{|\\u[0-9a-fA-F]{4}|\\c[A-Za-z]/, 'Unicode property, \\u and \\c escapes are not supported'],
  [/[*+?}]\+/, 'possessive quantifiers are not supported'],
];

/**
 * Validates a user's regular expression and returns it delimited as `/.../`, encoded so that it
 * can only be the regex the user wrote: `/` becomes `\/`; newline, CR, tab and other control
 * characters become escapes; `#`, quotes and backticks become `\xHH` so no raw one is left in the
 * query. A leading `(?i)` (case-insensitive) is kept; other inline flags are refused.
 */
export function regexLiteral(source: string, argument = 'matches'): string {
  const known = REGEX_LITERALS.get(source);
  if (known !== undefined) return known;
  checkText(argument, source);
  const body = source.startsWith('(?i)') ? source.slice(4) : source;
  if (body.length === 0) throw new InputError(argument, 'the regular expression is empty');
  if (/\(\?[a-zA-Z-]/.test(body)) throw new InputError(argument, 'inline flags other than a leading (?i) are not supported');
  for (const [pattern, message] of UNSUPPORTED_REGEX) {
    if (pattern.test(body)) throw new InputError(argument, message);
  }
  try {
    // RE2 syntax: what the gateway can itself run in linear time (a tail matches lines locally).
    compileLinearRegex(body);
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    throw new InputError(argument, `not a valid regular expression: ${error.message}`);
  }
  let out = '';
  const chars = [...source];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (char === '\\') {
      const next = chars[++i] as string; // a trailing backslash was refused by compileLinearRegex above
      out += next === '/' ? '\\/' : encodeRegexChar(next, true);
      continue;
    }
    out += char === '/' ? '\\/' : encodeRegexChar(char, false);
  }
  const literal = `/${out}/`;
  REGEX_LITERALS.set(source, literal);
  return literal;
}

/**
 * Valid regular expressions already encoded, by source: validating one is an RE2 compile, and
 * packing a merged query of 100 services reads every service's pattern once per candidate set.
 * Bounded by characters; only valid ones are kept (an invalid one throws with its argument's name).
 */
const REGEX_LITERALS = new LRUCache<string, string>({ maxSize: 500_000, sizeCalculation: (literal, source) => literal.length + source.length });

/** One regex character (or the character after a backslash when `escaped`) in a query-safe form. */
function encodeRegexChar(char: string, escaped: boolean): string {
  const code = char.codePointAt(0) as number;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  if (isControl(code) || char === '#' || char === '"' || char === "'" || char === '`') return hex2(code);
  return escaped ? `\\${char}` : char;
}

/** Where a service's lines are, from its config: explicit log groups and/or a stream pattern. */
export function serviceLogSource(service: { name: string; config: { log_groups?: readonly string[] | undefined; log_stream_pattern?: string | undefined } }): LogSource {
  const { log_groups: logGroups, log_stream_pattern: streamPattern } = service.config;
  if (streamPattern !== undefined) {
    regexLiteral(streamPattern, `log_stream_pattern of ${service.name}`);
    return { logGroups: logGroups ? [...logGroups] : undefined, streamPattern };
  }
  if (logGroups) return { logGroups: [...logGroups], streamPattern: undefined };
  return { logGroups: undefined, streamPattern: serviceStreamPattern(service.name) };
}

/** The `| filter ...` stages of a source's stream pattern and a user's filter, in a fixed order. */
export function filterStages(streamPattern: string | undefined, filter: LogFilter | null | undefined): string[] {
  const stages: string[] = [];
  if (streamPattern !== undefined) stages.push(`filter @logStream like ${regexLiteral(streamPattern, 'log_stream_pattern')}`);
  if (filter?.contains != null) stages.push(`filter @message like ${quoteLiteral(filter.contains, 'filter.contains')}`);
  if (filter?.matches != null) stages.push(`filter @message like ${regexLiteral(filter.matches, 'filter.matches')}`);
  if (filter?.exclude != null) stages.push(`filter @message not like ${quoteLiteral(filter.exclude, 'filter.exclude')}`);
  if (filter?.levels != null && filter.levels.length > 0) {
    const words = [...new Set(filter.levels)].flatMap(levelWords);
    stages.push(`filter @message like /\\b(?:${words.join('|')})\\b/`);
  }
  return stages;
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new InputError('limit', `must be an integer from 1 to ${MAX_QUERY_LIMIT}; got ${limit}`);
  }
}

function checkLength(query: string): string {
  if (query.length > MAX_QUERY_STRING) throw new InputError('filter', `the query would be ${query.length} characters; Logs Insights takes at most ${MAX_QUERY_STRING}`);
  return query;
}

/** The newest `limit` lines of a source that pass `filter`. */
export function buildEventsQuery(options: { streamPattern: string | undefined; filter?: LogFilter | null; limit: number }): string {
  checkLimit(options.limit);
  const stages = ['fields @timestamp, @message, @logStream, @log', ...filterStages(options.streamPattern, options.filter), 'sort @timestamp desc', `limit ${options.limit}`];
  return checkLength(stages.join(' | '));
}

/** Bucket sizes Logs Insights' bin() takes, written as `<n><unit>`. */
export const BUCKET_SYNTAX = 'a whole number followed by s, m, h or d, e.g. "30s", "5m", "1h"';
const BUCKET_UNITS = ['s', 'm', 'h', 'd'] as const;

/** "5m" -> 300000; undefined when not a bucket size. */
export function parseBucket(text: string): number | undefined {
  return parseDuration(text, { units: BUCKET_UNITS, whole: true });
}

/** 300000 -> "5m": the largest unit that divides the size. */
export function formatBucket(ms: number): string {
  if (ms <= 0 || ms % 1_000 !== 0) throw new InputError('bucket', `${ms} ms is not a whole number of seconds`);
  const text = formatDuration(ms);
  // formatDuration prefers weeks; bin() knows days at most.
  return text.endsWith('w') ? `${ms / 86_400_000}d` : text;
}

/** The count of a source's lines that pass `filter`, per `bucketMs` bin. */
export function buildVolumeQuery(options: { streamPattern: string | undefined; filter?: LogFilter | null; bucketMs: number }): string {
  const stages = [...filterStages(options.streamPattern, options.filter), `stats count(*) as events by bin(${formatBucket(options.bucketMs)})`];
  return checkLength(stages.join(' | '));
}

/** SOURCE takes at most 5 prefixes. */
export const MAX_SOURCE_PREFIXES = 5;

/**
 * `SOURCE logGroups(namePrefix: [...]) | <query>`: the query picks every log group of the prefixes
 * itself (up to 10,000), so StartQuery gets no log group list and no DescribeLogGroups is needed.
 */
export function withSourcePrefixes(queryString: string, prefixes: readonly string[]): string {
  if (prefixes.length === 0 || prefixes.length > MAX_SOURCE_PREFIXES) {
    throw new InputError('log_group_prefix', `SOURCE takes 1 to ${MAX_SOURCE_PREFIXES} prefixes; got ${prefixes.length}`);
  }
  return checkLength(`SOURCE logGroups(namePrefix: [${prefixes.map((prefix) => quoteLiteral(prefix, 'log_group_prefix')).join(', ')}]) | ${queryString}`);
}

/** Whether a query names its log groups itself (SOURCE command). */
export function isSourceQuery(queryString: string): boolean {
  return /^\s*SOURCE\s/i.test(queryString);
}

/**
 * The newest `limit` lines that mention one trace id (validated as an X-Ray id, then literals): in
 * X-Ray's form, or in the W3C form OpenTelemetry logs write (the same id without the dashes).
 */
export function buildTraceLogsQuery(options: { traceId: string; limit: number; /** Where the lines may be: a @log/@logStream condition (built from validated sources), if any. */ where?: string | undefined }): string {
  checkLimit(options.limit);
  return [
    'fields @timestamp, @message, @logStream, @log',
    `filter ${traceMentionCondition(options.traceId)}`,
    ...(options.where === undefined ? [] : [`filter ${options.where}`]),
    'sort @timestamp desc',
    `limit ${options.limit}`,
  ].join(' | ');
}

/** `@message like "<X-Ray id>" or @message like "<W3C id>"`: the id validated, then written as literals. */
export function traceMentionCondition(traceId: string): string {
  if (!/^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(traceId)) {
    throw new InputError('traceId', `not an X-Ray trace id (1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx): ${JSON.stringify(traceId)}`);
  }
  const w3c = traceId.slice(2).replace('-', '');
  return `@message like ${quoteLiteral(traceId, 'traceId')} or @message like ${quoteLiteral(w3c, 'traceId')}`;
}
