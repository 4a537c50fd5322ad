// How every family aligns the window it asks AWS for, so that equal questions are asked equally.

/** Epoch ms, end exclusive for metrics and inclusive (to the second) for Logs Insights. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** A window as a request gives it: `relative` when it was `last: "1h"` (it may then be moved). */
export interface RequestedWindow extends TimeWindow {
  relative?: boolean | undefined;
}

/** Relative windows of logs and trace lists move to the next boundary of this, so concurrent dashboards meet. */
export const SHARED_WINDOW_STEP_MS = 10_000;

/**
 * The window to ask AWS for.
 * - 'period': the start floored and the end ceiled to whole steps (at least one): every bucket of a
 *   metric period is whole, and equal windows ask equal questions.
 * - 'share': a relative window moves forward to the next step boundary with its length kept
 *   (nothing newer is lost), so requests a few seconds apart ask the same; absolute windows stay.
 */
export function alignWindow(window: RequestedWindow, stepMs: number, mode: 'period' | 'share'): TimeWindow {
  if (mode === 'period') {
    const start = Math.floor(window.start / stepMs) * stepMs;
    return { start, end: Math.max(start + stepMs, Math.ceil(window.end / stepMs) * stepMs) };
  }
  if (!window.relative) return { start: window.start, end: window.end };
  const end = Math.ceil(window.end / stepMs) * stepMs;
  return { start: window.start + (end - window.end), end };
}
