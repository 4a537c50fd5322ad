// X-Ray filter expressions from a structured trace filter. Every value is either written as an
// X-Ray string literal (double quotes, backslash escapes) or validated against a charset that
// cannot change the expression's structure, so no input can add a clause, close a parenthesis or
// comment anything out.
import { InputError } from './input-error.ts';

/** X-Ray's documented maximum FilterExpression length. */
export const MAX_FILTER_EXPRESSION_LENGTH = 2000;
/** Durations above this (a day) are certainly mistakes and would only make odd literals. */
const MAX_DURATION_MS = 86_400_000;

const ANNOTATION_KEY = /^[A-Za-z0-9_]+$/;
/** RFC 9110 `token`: what an HTTP method is made of. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Control characters have no business in a filter value and X-Ray documents no escape for them;
// rejecting them keeps every literal one plain line.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export type AnnotationScalar = string | number | boolean;

/** What a dashboard can ask of a trace list (every field optional; all given ones must hold). */
export interface TraceFilterSpec {
  fault?: boolean | null;
  error?: boolean | null;
  throttle?: boolean | null;
  minDurationMs?: number | null;
  maxDurationMs?: number | null;
  httpStatus?: number | null;
  httpMethod?: string | null;
  urlContains?: string | null;
  annotations?: ReadonlyArray<{ key: string; value?: unknown }> | null;
  /**
   * Where fault/error/throttle must be: "trace" (anywhere in the trace, X-Ray's default) or
   * "service" (in the named service's own segments: `service("x") { fault }`).
   */
  flagScope?: 'trace' | 'service' | null;
}

/** `value` as an X-Ray string literal: double-quoted, `\` and `"` backslash-escaped. */
export function xrayStringLiteral(value: string, field = 'value'): string {
  if (CONTROL_CHARACTERS.test(value)) throw new InputError(field, 'must not contain control characters (line breaks, tabs, NUL)');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Milliseconds as X-Ray's seconds: plain decimal notation (never `1e-7`), to the microsecond. */
export function secondsLiteral(ms: number, field: string): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new InputError(field, 'must be a finite number of milliseconds');
  if (ms < 0 || ms > MAX_DURATION_MS) throw new InputError(field, `must be between 0 and ${MAX_DURATION_MS} ms`);
  const fixed = (ms / 1000).toFixed(6);
  return fixed.replace(/\.?0+$/, '') || '0';
}

function annotationValueLiteral(value: unknown, field: string): string {
  if (typeof value === 'string') return xrayStringLiteral(value, field);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InputError(field, 'must be a finite number');
    // In this range String() writes plain decimals: X-Ray's number literals have no exponent form.
    if (Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6)) throw new InputError(field, 'number out of range');
    return String(value);
  }
  throw new InputError(field, 'must be a string, a number or a boolean');
}

/**
 * The filter expression for `service` (its X-Ray name; omitted when undefined) and `filter`:
 * clauses joined with AND, in a fixed order. Undefined when there is nothing to filter.
 */
export function buildTraceFilterExpression(service: string | undefined, filter: TraceFilterSpec | null | undefined): string | undefined {
  const clauses: string[] = [];
  const f = filter ?? {};
  const flags: string[] = [];
  for (const keyword of ['fault', 'error', 'throttle'] as const) {
    const wanted = f[keyword];
    if (wanted === true) flags.push(keyword);
    else if (wanted === false) flags.push(`!${keyword}`);
  }
  const serviceScoped = f.flagScope === 'service';
  if (serviceScoped && service === undefined) throw new InputError('filter.flagScope', 'SERVICE needs a service');
  if (service !== undefined) {
    if (service.length === 0) throw new InputError('service', 'must not be empty');
    const node = `service(${xrayStringLiteral(service, 'service')})`;
    clauses.push(serviceScoped && flags.length > 0 ? `${node} { ${flags.join(' AND ')} }` : node);
  }
  if (!serviceScoped) clauses.push(...flags);
  const min = f.minDurationMs ?? undefined;
  const max = f.maxDurationMs ?? undefined;
  if (min !== undefined) clauses.push(`duration >= ${secondsLiteral(min, 'filter.minDurationMs')}`);
  if (max !== undefined) clauses.push(`duration <= ${secondsLiteral(max, 'filter.maxDurationMs')}`);
  if (min !== undefined && max !== undefined && min > max) {
    throw new InputError('filter.minDurationMs', `(${min}) must not be greater than maxDurationMs (${max})`);
  }
  const status = f.httpStatus ?? undefined;
  if (status !== undefined) {
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new InputError('filter.httpStatus', 'must be an HTTP status code (100-599)');
    clauses.push(`http.status = ${status}`);
  }
  const method = f.httpMethod ?? undefined;
  if (method !== undefined) {
    if (!HTTP_TOKEN.test(method) || method.length > 32) throw new InputError('filter.httpMethod', 'must be an HTTP method such as GET or POST');
    clauses.push(`http.method = ${xrayStringLiteral(method.toUpperCase(), 'filter.httpMethod')}`);
  }
  const url = f.urlContains ?? undefined;
  if (url !== undefined) {
    if (url.length === 0) throw new InputError('filter.urlContains', 'must not be empty');
    clauses.push(`http.url CONTAINS ${xrayStringLiteral(url, 'filter.urlContains')}`);
  }
  for (const [index, annotation] of (f.annotations ?? []).entries()) {
    const field = `filter.annotations[${index}]`;
    if (typeof annotation.key !== 'string' || !ANNOTATION_KEY.test(annotation.key)) {
      throw new InputError(`${field}.key`, 'annotation keys use letters, digits and "_" only');
    }
    clauses.push(`annotation.${annotation.key} = ${annotationValueLiteral(annotation.value, `${field}.value`)}`);
  }
  if (clauses.length === 0) return undefined;
  const expression = clauses.join(' AND ');
  if (expression.length > MAX_FILTER_EXPRESSION_LENGTH) {
    throw new InputError('filter', `the filter expression would be ${expression.length} characters; X-Ray accepts ${MAX_FILTER_EXPRESSION_LENGTH}`);
  }
  return expression;
}
