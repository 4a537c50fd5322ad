// What one GraphQL request cost in AWS: calls and attempts per IAM action, Logs Insights bytes
// scanned, metric series requested, traces fetched. Reported in every response's extensions.cost.

export interface AwsCallCount {
  calls: number;
  attempts: number;
}

export interface AwsUsageReport {
  calls: Record<string, AwsCallCount>;
  totalCalls: number;
  logsBytesScanned: number;
  logsRecordsScanned: number;
  metricsRequested: number;
  tracesFetched: number;
  cacheHits: number;
}

export class AwsUsage {
  readonly calls = new Map<string, AwsCallCount>();
  logsBytesScanned = 0;
  logsRecordsScanned = 0;
  metricsRequested = 0;
  tracesFetched = 0;
  /** AWS answers served from a cache or shared with another in-flight call instead of calling. */
  cacheHits = 0;

  /** One SDK call of `action` (e.g. "logs:StartQuery") that took `attempts` HTTP attempts. */
  recordCall(action: string, attempts: number): void {
    const count = this.calls.get(action) ?? { calls: 0, attempts: 0 };
    count.calls += 1;
    count.attempts += Math.max(1, attempts);
    this.calls.set(action, count);
  }

  toJSON(): AwsUsageReport {
    const calls = Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
    let totalCalls = 0;
    for (const count of this.calls.values()) totalCalls += count.calls;
    return {
      calls,
      totalCalls,
      logsBytesScanned: this.logsBytesScanned,
      logsRecordsScanned: this.logsRecordsScanned,
      metricsRequested: this.metricsRequested,
      tracesFetched: this.tracesFetched,
      cacheHits: this.cacheHits,
    };
  }
}
