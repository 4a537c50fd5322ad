// Durations as people write them in TOML and in GraphQL ("15m", "1h", "7d", "90s", "500ms").

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

/**
 * Milliseconds of a duration like "15m"; undefined when the text is not one. `units` narrows the
 * units allowed and `whole` asks for a whole number (Logs Insights' bin() takes "5m", not "2.5m").
 */
export function parseDuration(text: string, options: { units?: readonly DurationUnit[]; whole?: boolean } = {}): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match as unknown as [string, string, DurationUnit];
  if (options.units && !options.units.includes(unit)) return undefined;
  if (options.whole && !/^\d+$/.test(amount)) return undefined;
  const ms = Number(amount) * UNIT_MS[unit]!;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

export const DURATION_SYNTAX = 'a number followed by ms, s, m, h, d or w (e.g. "15m", "1h", "7d")';

/** The shortest exact text for a duration in ms ("1h" rather than "60m"). */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
