// What every page gets from the shell: where to render, the route's parameters, the chosen profile
// and range, a signal that aborts when the user navigates away, and the cost bar.
import type { TimeRange } from '../generated/graphql.ts';
import type { AwsCost } from './graphql-client.ts';

export interface PageTimings {
  /** ms from sending the request to the first payload drawn. */
  firstPaintMs?: number;
  /** ms from sending the request to the last deferred payload drawn. */
  deferredMs?: number;
  /** ms for a single (not streamed) answer. */
  totalMs?: number;
  /** What the deferred part is, e.g. "ERROR counts". */
  deferredLabel?: string;
}

export interface PageContext {
  main: HTMLElement;
  /** Path segments after the page name, decoded. */
  segments: string[];
  params: URLSearchParams;
  profile: string | undefined;
  range: TimeRange;
  /** "last 1h" or "2026-11-30 10:00 – 11:00 UTC". */
  rangeLabel: string;
  signal: AbortSignal;
  /** Shows what the page's request cost in AWS and how long it took. */
  reportCost(operation: string, cost: AwsCost | undefined, timings: PageTimings): void;
  /** Announces a short status to screen readers. */
  announce(message: string): void;
  /** Sets the document title. */
  setTitle(title: string): void;
}

export const RANGE_PRESETS = ['15m', '1h', '3h', '12h', '24h', '7d'] as const;

/** The range of the URL: `last=1h`, or `from`/`to` (ISO, UTC); default the last hour. */
export function rangeFromParams(params: URLSearchParams): { range: TimeRange; label: string } {
  const from = params.get('from');
  const to = params.get('to');
  if (from) {
    const range: TimeRange = { from, ...(to ? { to } : {}) };
    const show = (iso: string) => iso.replace('T', ' ').replace(/:00(\.000)?Z$/, '').replace(/Z$/, '');
    return { range, label: `${show(from)} – ${to ? show(to) : 'now'} UTC` };
  }
  const last = params.get('last') ?? '1h';
  return { range: { last }, label: `last ${last}` };
}
