// In-memory CloudWatch metric storage for the emulator: raw samples per metric identity
// (namespace, metric name, exact dimension set), kept sorted by time so that GetMetricData can
// binary-search a window and aggregate it per period.

export interface MetricDimension {
  Name: string;
  Value: string;
}

/** One metric identity and its raw samples, in ascending time order (parallel arrays). */
export interface MetricSeries {
  readonly key: string;
  readonly namespace: string;
  readonly metricName: string;
  /** In the order first published; the identity itself ignores order. */
  readonly dimensions: readonly MetricDimension[];
  readonly timestamps: number[];
  readonly values: number[];
  /** Unit per sample: CloudWatch stores the unit with each datapoint ("None" when omitted). */
  readonly units: string[];
}

/** A half-open index range [from, to) into a series' sample arrays. */
export interface SampleRange {
  from: number;
  to: number;
}

const DEFAULT_UNIT = 'None';

/** The identity key of a metric: dimension order does not matter, as in CloudWatch. */
export function metricKey(namespace: string, metricName: string, dimensions: readonly MetricDimension[]): string {
  const dims = dimensions
    .map((d) => `${d.Name}\u0001${d.Value}`)
    .sort()
    .join('\u0002');
  return `${namespace}\u0000${metricName}\u0000${dims}`;
}

export class MetricStore {
  readonly #series = new Map<string, MetricSeries>();
  /** Keys whose samples arrived out of order; sorted lazily on the next read. */
  readonly #unsorted = new Set<string>();
  /** Every series in key order, rebuilt only when a new identity appears. */
  #ordered: MetricSeries[] | undefined;

  putMetricData(
    namespace: string,
    metricName: string,
    dimensions: Array<{ Name: string; Value: string }>,
    unit: string | undefined,
    samples: Array<{ timestamp: number; value: number }>,
  ): void {
    const key = metricKey(namespace, metricName, dimensions);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = {
        key,
        namespace,
        metricName,
        dimensions: dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
        timestamps: [],
        values: [],
        units: [],
      };
      this.#series.set(key, series);
      this.#ordered = undefined;
    }
    const sampleUnit = unit ?? DEFAULT_UNIT;
    for (const sample of samples) {
      if (!Number.isFinite(sample.timestamp) || !Number.isFinite(sample.value)) continue;
      const last = series.timestamps.at(-1);
      if (last !== undefined && sample.timestamp < last) this.#unsorted.add(key);
      series.timestamps.push(sample.timestamp);
      series.values.push(sample.value);
      series.units.push(sampleUnit);
    }
  }

  /** The series of one exact identity, or undefined when nothing was ever published to it. */
  getSeries(namespace: string, metricName: string, dimensions: readonly MetricDimension[]): MetricSeries | undefined {
    const series = this.#series.get(metricKey(namespace, metricName, dimensions));
    if (series !== undefined) this.#ensureSorted(series);
    return series;
  }

  /** Every series, sorted (namespace, metric name, identity key) so that listings are stable. */
  listSeries(): readonly MetricSeries[] {
    this.#ordered ??= [...this.#series.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.#ordered;
  }

  /** Indices of the samples with startMs <= timestamp < endMs. */
  range(series: MetricSeries, startMs: number, endMs: number): SampleRange {
    this.#ensureSorted(series);
    return { from: lowerBound(series.timestamps, startMs), to: lowerBound(series.timestamps, endMs) };
  }

  /** Time of the newest sample, or undefined for an empty series. */
  latestTimestamp(series: MetricSeries): number | undefined {
    this.#ensureSorted(series);
    return series.timestamps.at(-1);
  }

  get size(): number {
    return this.#series.size;
  }

  #ensureSorted(series: MetricSeries): void {
    if (!this.#unsorted.delete(series.key)) return;
    const order = series.timestamps.map((_, i) => i);
    // Stable sort keeps samples with equal timestamps in publication order.
    order.sort((a, b) => series.timestamps[a]! - series.timestamps[b]!);
    const timestamps = order.map((i) => series.timestamps[i]!);
    const values = order.map((i) => series.values[i]!);
    const units = order.map((i) => series.units[i]!);
    // Copy in place (no spread: arrays can exceed the engine's argument limit).
    for (let i = 0; i < order.length; i++) {
      series.timestamps[i] = timestamps[i]!;
      series.values[i] = values[i]!;
      series.units[i] = units[i]!;
    }
  }
}

/** First index whose value is >= target (array sorted ascending). */
export function lowerBound(sorted: readonly number[], target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
