// Time-series charts with uPlot: small sparklines for the overview, full charts with axes and a
// cursor for the service page. Every chart spans the window asked for (not the data's own extent),
// with a gap (a null) in each period that has no datapoint, so a sparse series reads as sparse; a
// datapoint with no neighbour is drawn as a dot. An empty chart says why inside its frame. Canvas is
// invisible to screen readers, so every chart sits in an element whose label summarises it.
import uPlot from 'uplot';
import { formatNumber, h } from './dom.ts';

export interface TimePoint {
  timestamp: string;
  value: number;
}

/** The window a series covers: [from, to) with one datapoint per period at most. */
export interface SeriesWindow {
  from: string;
  to: string;
  /** Seconds. */
  period: number;
}

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** More periods than this are not filled with nulls (the axis still spans the window). */
const MAX_SLOTS = 20_000;

interface WindowData {
  times: number[];
  values: Array<number | null>;
  /** Epoch seconds. */
  from: number;
  to: number;
  /** Indices of datapoints with no datapoint beside them: a line cannot show them. */
  isolated: number[];
}

/**
 * The points on the window's time axis: each period of [from, to) without a datapoint gets a null
 * (CloudWatch leaves such periods out), so uPlot draws a gap there instead of a line across it.
 */
export function onWindow(points: ReadonlyArray<TimePoint>, window: SeriesWindow): WindowData {
  const from = Date.parse(window.from) / 1000;
  const to = Date.parse(window.to) / 1000;
  const period = window.period > 0 ? window.period : 60;
  const byTime = new Map<number, number | null>();
  for (const point of points) byTime.set(Date.parse(point.timestamp) / 1000, point.value);
  const slots = Math.ceil((to - from) / period);
  if (slots > 0 && slots <= MAX_SLOTS) {
    const taken = new Set([...byTime.keys()].map((time) => Math.floor((time - from) / period)));
    for (let slot = 0; slot < slots; slot++) if (!taken.has(slot)) byTime.set(from + slot * period, null);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const values = times.map((time) => byTime.get(time) ?? null);
  const isolated = values.flatMap((value, index) => (value !== null && (values[index - 1] ?? null) === null && (values[index + 1] ?? null) === null ? [index] : []));
  return { times, values, from, to, isolated };
}

/** The window of a list of equal buckets (e.g. logVolume's): from the first start to the last bucket's end. */
export function bucketWindow(points: ReadonlyArray<TimePoint>): SeriesWindow | undefined {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return undefined;
  const step = points.length > 1 ? (Date.parse(points[1]!.timestamp) - Date.parse(first.timestamp)) / 1000 : 60;
  return { from: first.timestamp, to: new Date(Date.parse(last.timestamp) + step * 1000).toISOString(), period: step };
}

/** What a series' status says when it has no datapoint; undefined when it simply has none in the window. */
export interface EmptyReason {
  /** Short, for a sparkline: "not listed". */
  short: string;
  /** For a chart: "Metric not listed: …". */
  long: string;
  tone: 'muted' | 'alert';
}

export function emptyReason(status: string | undefined, messages: ReadonlyArray<{ value: string }> = []): EmptyReason {
  const detail = messages[0]?.value;
  switch (status) {
    case 'NOT_LISTED':
      return { short: 'metric not listed', long: `Metric not listed: ${detail ?? 'CloudWatch lists no such metric with these dimensions.'}`, tone: 'alert' };
    case 'FORBIDDEN':
      return { short: 'not allowed', long: `Not allowed to read this metric${detail ? `: ${detail}` : '.'}`, tone: 'alert' };
    case 'INTERNAL_ERROR':
      return { short: 'CloudWatch error', long: `CloudWatch failed to compute this series${detail ? `: ${detail}` : '.'}`, tone: 'alert' };
    case 'PARTIAL_DATA':
      return { short: 'partial: none yet', long: `CloudWatch returned part of the series and no datapoint of it${detail ? `: ${detail}` : '.'}`, tone: 'alert' };
    default:
      return { short: 'no data in this window', long: 'No data in this window.', tone: 'muted' };
  }
}

/** "CPUUtilization over the last 1h: last 12.3, min 8.1, max 40.2 (60 points)". */
export function describeSeries(title: string, points: ReadonlyArray<TimePoint>, unit?: string | null, empty?: EmptyReason): string {
  if (points.length === 0) return `${title}: ${empty?.short ?? 'no data in this window'}`;
  const values = points.map((point) => point.value);
  const suffix = unit && unit !== 'None' ? ` ${unit}` : '';
  return `${title}: last ${formatNumber(values[values.length - 1])}${suffix}, min ${formatNumber(Math.min(...values))}, max ${formatNumber(
    Math.max(...values),
  )} (${points.length} points)`;
}

function sparklineRange(min: number | null, max: number | null): [number, number] {
  const low = Math.min(0, min ?? 0);
  const high = max !== null && max > low ? max : low + 1;
  const pad = (high - low) * 0.1;
  return [low - pad, high + pad];
}

export type ChartTone = 'normal' | 'alert';

export interface ChartOptions {
  /** The metric's name, marked on the chart (data-metric) for tests and tools. */
  metric?: string | undefined;
  /** The window the series was asked for; without it, the data's own extent. */
  window?: SeriesWindow | undefined;
  /** Why the series may be empty (its MetricSeries status and messages). */
  status?: string | undefined;
  messages?: ReadonlyArray<{ value: string }> | undefined;
  /** Said inside the chart when every value is 0 (e.g. "no ERROR lines in this window"). */
  allZero?: string | undefined;
  unit?: string | null | undefined;
  bars?: boolean | undefined;
  tone?: ChartTone | undefined;
}

function seriesData(points: ReadonlyArray<TimePoint>, options: ChartOptions): WindowData {
  if (options.window) return onWindow(points, options.window);
  const times = points.map((point) => Date.parse(point.timestamp) / 1000);
  // No window and no data: the last hour, so that the axes still read as time.
  const to = times.at(-1) ?? Math.floor(Date.now() / 1000);
  return { times, values: points.map((point) => point.value), from: times[0] ?? to - 3600, to: to > (times[0] ?? to - 3600) ? to : to + 1, isolated: [] };
}

/** "14:05" in UTC, as the rest of the console; the date under the first tick and under each new day's. */
function utcTimeLabels(splits: readonly number[]): string[] {
  const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  return splits.map((seconds, index) => {
    const time = new Date(seconds * 1000).toISOString().slice(11, 16);
    return index === 0 || day(seconds) !== day(splits[index - 1]!) ? `${time}\n${day(seconds)}` : time;
  });
}

/** Marks the figure with the x range uPlot drew (epoch s) and the window's slots, for tests and tools. */
function recordDrawn(figure: HTMLElement, data: WindowData): uPlot.Hooks.Arrays {
  figure.dataset.windowFrom = String(data.from);
  figure.dataset.windowTo = String(data.to);
  figure.dataset.gaps = String(data.values.filter((value) => value === null).length);
  return {
    draw: [
      (u) => {
        figure.dataset.xMin = String(u.scales.x!.min);
        figure.dataset.xMax = String(u.scales.x!.max);
      },
    ],
  };
}

function lineSeries(stroke: string, data: WindowData, options: { label?: string; width: number; pointSize: number }): uPlot.Series {
  return {
    ...(options.label ? { label: options.label, value: (_u: uPlot, value: number | null) => formatNumber(value) } : {}),
    stroke,
    width: options.width,
    fill: `${stroke}22`,
    spanGaps: false,
    // Lines only; a datapoint with no neighbour gets a dot (a line would not show it).
    points: { show: false, size: options.pointSize, fill: stroke, filter: () => (data.isolated.length ? data.isolated : null) },
  };
}

/** A chart without axes, for a table cell. */
export function sparkline(title: string, points: ReadonlyArray<TimePoint>, options: ChartOptions & { width?: number; height?: number } = {}): HTMLElement {
  const width = options.width ?? 132;
  const height = options.height ?? 34;
  const empty = points.length === 0 ? emptyReason(options.status, options.messages) : undefined;
  const label = describeSeries(title, points, options.unit, empty);
  const figure = h('div', { class: 'sparkline', role: 'img', 'aria-label': label, title: label, 'data-points': points.length });
  if (empty) {
    figure.classList.add('sparkline-empty', `empty-${empty.tone}`);
    figure.style.width = `${width}px`;
    figure.style.height = `${height}px`;
    figure.dataset.empty = empty.short;
    figure.append(h('span', { class: 'empty-reason' }, empty.short));
    return figure;
  }
  const stroke = cssColor(options.tone === 'alert' ? '--alert' : '--chart-line', '#3b82f6');
  const data = seriesData(points, options);
  new uPlot(
    {
      width,
      height,
      pxAlign: false,
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: false },
      // The window's whole axis; a little room under zero and over the top, so that a flat series (no errors) still draws.
      scales: { x: { time: true, range: () => [data.from, data.to] }, y: { range: (_u, min, max) => sparklineRange(min, max) } },
      axes: [{ show: false }, { show: false }],
      series: [
        {},
        options.bars
          ? { stroke, fill: stroke, width: 0, points: { show: false }, paths: uPlot.paths.bars!({ size: [0.8, 8] }) }
          : lineSeries(stroke, data, { width: 1.5, pointSize: 3 }),
      ],
      hooks: recordDrawn(figure, data),
    },
    [data.times, data.values],
    figure,
  );
  return figure;
}

/** A chart with time and value axes and a hover legend. */
export function timeSeriesChart(title: string, points: ReadonlyArray<TimePoint>, options: ChartOptions & { width: number; height?: number }): HTMLElement {
  const empty = points.length === 0 ? emptyReason(options.status, options.messages) : undefined;
  const label = describeSeries(title, points, options.unit, empty);
  const figure = h('figure', { class: 'chart', 'data-points': points.length, 'data-metric': options.metric }, h('figcaption', {}, title, options.unit && options.unit !== 'None' ? h('span', { class: 'muted' }, ` (${options.unit})`) : null));
  const body = h('div', { class: 'chart-body', role: 'img', 'aria-label': label });
  figure.append(body);
  const stroke = cssColor(options.tone === 'alert' ? '--alert' : '--chart-line', '#3b82f6');
  const axis = cssColor('--muted', '#666');
  const grid = cssColor('--grid', '#8882');
  const axisStyle = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const data = seriesData(points, options);
  // Said inside the plot: why there is nothing to draw.
  const note = empty?.long ?? (options.allZero && points.every((point) => point.value === 0) ? options.allZero : undefined);
  if (empty) figure.dataset.empty = empty.short;
  new uPlot(
    {
      width: options.width,
      height: options.height ?? 180,
      scales: {
        x: { time: true, range: () => [data.from, data.to] },
        y: { range: (_u, min, max) => (min === null || max === null ? [0, 1] : [Math.min(0, min), max > min ? max * 1.05 : min + 1]) },
      },
      axes: [{ ...axisStyle, values: (_u, splits) => utcTimeLabels(splits) }, { ...axisStyle, size: 56, values: (_u, splits) => splits.map((value) => formatNumber(value)) }],
      legend: { show: true, live: true },
      // Times as the API gives them: UTC (ticks at UTC hours and days).
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      series: [
        { label: 'UTC', value: (_u, value) => (value === null ? '–' : new Date(value * 1000).toISOString().slice(0, 16).replace('T', ' ')) },
        options.bars
          ? { label: title, stroke, fill: stroke, width: 0, points: { show: false }, paths: uPlot.paths.bars!({ size: [0.8, 12] }), value: (_u, value) => formatNumber(value) }
          : lineSeries(stroke, data, { label: title, width: 1.5, pointSize: 5 }),
      ],
      hooks: {
        ...recordDrawn(figure, data),
        ready: [
          (u) => {
            if (note) u.over.append(h('p', { class: `chart-note${empty?.tone === 'alert' ? ' alert' : ''}`, 'data-testid': 'chart-note' }, h('span', {}, note)));
          },
        ],
      },
    },
    [data.times, data.values],
    body,
  );
  return figure;
}
