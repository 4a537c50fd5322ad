// Time-series charts with uPlot: small sparklines for the overview, full charts with axes and a
// cursor for the service page. Canvas is invisible to screen readers, so every chart sits in an
// element whose label summarises it (first, last, min, max).
import uPlot from 'uplot';
import { formatNumber, h } from './dom.ts';

export interface TimePoint {
  timestamp: string;
  value: number;
}

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function toData(points: ReadonlyArray<TimePoint>): uPlot.AlignedData {
  return [points.map((point) => Date.parse(point.timestamp) / 1000), points.map((point) => point.value)];
}

/** "CPUUtilization over the last 1h: last 12.3, min 8.1, max 40.2 (60 points)". */
export function describeSeries(title: string, points: ReadonlyArray<TimePoint>, unit?: string | null): string {
  if (points.length === 0) return `${title}: no data in the window`;
  const values = points.map((point) => point.value);
  const suffix = unit && unit !== 'None' ? ` ${unit}` : '';
  return `${title}: last ${formatNumber(values[values.length - 1])}${suffix}, min ${formatNumber(Math.min(...values))}, max ${formatNumber(
    Math.max(...values),
  )} (${points.length} points)`;
}

function sparklineRange(min: number, max: number): [number, number] {
  const low = Math.min(0, min);
  const high = max > low ? max : low + 1;
  const pad = (high - low) * 0.1;
  return [low - pad, high + pad];
}

export type ChartTone = 'normal' | 'alert';

/** A chart without axes, for a table cell. */
export function sparkline(title: string, points: ReadonlyArray<TimePoint>, options: { width?: number; height?: number; bars?: boolean; tone?: ChartTone; unit?: string | null } = {}): HTMLElement {
  const label = describeSeries(title, points, options.unit);
  const figure = h('div', { class: 'sparkline', role: 'img', 'aria-label': label, title: label, 'data-points': points.length });
  if (points.length === 0) {
    figure.append(h('span', { class: 'muted' }, 'no data'));
    return figure;
  }
  const stroke = cssColor(options.tone === 'alert' ? '--alert' : '--chart-line', '#3b82f6');
  new uPlot(
    {
      width: options.width ?? 132,
      height: options.height ?? 34,
      pxAlign: false,
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: false },
      // A little room under zero and over the top, so that a flat series (no errors) still draws.
      scales: { x: { time: true }, y: { range: (_u, min, max) => sparklineRange(min, max) } },
      axes: [{ show: false }, { show: false }],
      series: [
        {},
        options.bars
          ? { stroke, fill: stroke, width: 0, points: { show: false }, paths: uPlot.paths.bars!({ size: [0.8, 8] }) }
          : { stroke, width: 1.5, fill: `${stroke}22`, points: { show: false } },
      ],
    },
    toData(points),
    figure,
  );
  return figure;
}

/** A chart with time and value axes and a hover legend. */
export function timeSeriesChart(
  title: string,
  points: ReadonlyArray<TimePoint>,
  options: { width: number; height?: number; unit?: string | null; bars?: boolean; tone?: ChartTone },
): HTMLElement {
  const label = describeSeries(title, points, options.unit);
  const figure = h('figure', { class: 'chart', 'data-points': points.length }, h('figcaption', {}, title, options.unit && options.unit !== 'None' ? h('span', { class: 'muted' }, ` (${options.unit})`) : null));
  const body = h('div', { role: 'img', 'aria-label': label });
  figure.append(body);
  if (points.length === 0) {
    body.append(h('p', { class: 'muted empty-chart' }, 'No data in this window.'));
    return figure;
  }
  const stroke = cssColor(options.tone === 'alert' ? '--alert' : '--chart-line', '#3b82f6');
  const axis = cssColor('--muted', '#666');
  const grid = cssColor('--grid', '#8882');
  const axisStyle = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  new uPlot(
    {
      width: options.width,
      height: options.height ?? 180,
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > min ? max * 1.05 : min + 1] } },
      axes: [axisStyle, { ...axisStyle, size: 56, values: (_u, splits) => splits.map((value) => formatNumber(value)) }],
      legend: { show: true, live: true },
      // Times as the API gives them: UTC.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      series: [
        { label: 'UTC' },
        options.bars
          ? { label: title, stroke, fill: stroke, width: 0, points: { show: false }, paths: uPlot.paths.bars!({ size: [0.8, 12] }), value: (_u, value) => formatNumber(value) }
          : { label: title, stroke, width: 1.5, fill: `${stroke}22`, points: { show: false }, value: (_u, value) => formatNumber(value) },
      ],
    },
    toData(points),
    body,
  );
  return figure;
}
