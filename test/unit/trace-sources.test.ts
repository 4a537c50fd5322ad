// The trace-source registry: the config's `traces_source` enum and the GraphQL TracesSource enum
// are its names, every entry supplies every capability, and no file outside the registry asks
// which source a profile reads (so a new source is its entry plus its registration).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { profileConfigSchema } from '../../src/config/config-schema.ts';
import { DEFAULT_TRACES_SOURCE, TRACE_SOURCE_NAMES, TRACE_SOURCE_REGISTRY, TRACES_SOURCES } from '../../src/config/trace-sources.ts';
import type { TraceSource } from '../../src/loaders/traces/trace-source.ts';
import { TRACE_SOURCES } from '../../src/loaders/traces/trace-sources.ts';
import type { RequestContext } from '../../src/runtime/request-context.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { configFromToml, SEED_PROFILE_TOML } from '../support/test-gateway.ts';
import { ConfigError } from '../../src/config/load-config.ts';

const SRC = join(import.meta.dirname, '../../src');

describe('the trace-source registry', () => {
  it('has one entry per source of the config registry, and the config enum is those names plus "auto"', () => {
    expect(TRACE_SOURCE_NAMES).toEqual(['xray', 'spans']);
    expect(Object.keys(TRACE_SOURCES).sort()).toEqual([...TRACE_SOURCE_NAMES].sort());
    expect(Object.keys(TRACE_SOURCE_REGISTRY)).toEqual(TRACE_SOURCE_NAMES);
    expect(TRACES_SOURCES).toEqual([...TRACE_SOURCE_NAMES, 'auto']);
    expect(TRACE_SOURCE_NAMES).toContain(DEFAULT_TRACES_SOURCE);
    const setting = profileConfigSchema.shape.traces_source;
    expect(setting.unwrap().options).toEqual([...TRACE_SOURCE_NAMES, 'auto']);
    expect(configFromToml(SEED_PROFILE_TOML).profiles[0]!.traces_source).toBe(DEFAULT_TRACES_SOURCE);
  });

  it('names every source when a profile names another', () => {
    let problems: string[] = [];
    try {
      configFromToml(SEED_PROFILE_TOML.replace('[profiles.aws-prod]\n', '[profiles.aws-prod]\ntraces_source = "jaeger"\n'));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/profiles\.aws-prod\.traces_source: Invalid option: expected one of "xray"\|"spans"\|"auto"$/);
  });

  it('is the GraphQL TracesSource enum: one value per source, described by its label', () => {
    const type = buildSchema().getType('TracesSource');
    expect(type).toBeInstanceOf(GraphQLEnumType);
    // The printed schema sorts enum values by name.
    const values = (type as GraphQLEnumType).getValues().map((value) => [value.name, value.value, value.description]);
    expect(values).toEqual(
      TRACE_SOURCE_NAMES.map((name) => [name.toUpperCase(), name, TRACE_SOURCE_REGISTRY[name].label]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  });

  it('supplies every capability in every entry', () => {
    const capabilities: Array<keyof TraceSource> = ['traceLoader', 'listServiceTraces', 'readServiceMap', 'notFound'];
    const context = { now: Date.parse('2026-03-01T12:00:00Z'), runtime: { config: { traces: { spans_lookback: 86_400_000 } } } } as unknown as RequestContext;
    for (const name of TRACE_SOURCE_NAMES) {
      const source = TRACE_SOURCES[name];
      for (const capability of capabilities) expect(typeof source[capability], `${name}.${capability}`).toBe('function');
      expect(['trace', 'service'], `${name}.filterConditionsHoldOn`).toContain(source.filterConditionsHoldOn);
      expect(source.detect === undefined || typeof source.detect === 'function', `${name}.detect`).toBe(true);
      const id = '1-65e1c4a0-0123456789abcdef01234567';
      const hint = source.notFound(context, id);
      expect(hint.message, `${name}.notFound`).toContain(id);
      expect(hint.extensions['traceId'], `${name}.notFound`).toBe(id);
    }
    // `auto` needs a source that can detect itself and falls back to the default, which needs no detection.
    expect(TRACE_SOURCE_NAMES.some((name) => TRACE_SOURCES[name].detect !== undefined)).toBe(true);
  });

  it('leaves no branch on a source name outside the registry and its entries', () => {
    const registryFiles = new Set(['config/trace-sources.ts', 'loaders/traces/trace-sources.ts', ...TRACE_SOURCE_NAMES.map((name) => `loaders/traces/${name}-trace-source.ts`)]);
    const names = TRACE_SOURCE_NAMES.join('|');
    // A comparison with a source name, a ternary or switch on one, or an enum spelled out.
    const branch = new RegExp(`[!=]==?\\s*['"](${names})['"]|['"](${names})['"]\\s*[!=]==?|case\\s+['"](${names})['"]|\\?\\s*['"](${names})['"]|\\[\\s*['"](${names})['"]\\s*,`);
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.split('\\').join('/'))
      // The emulator is AWS's side ("xray" is the AWS service there); generated code comes from the schema.
      .filter((file) => !file.startsWith('emulator/') && !file.includes('generated/') && !registryFiles.has(file));
    const offending = files.flatMap((file) =>
      readFileSync(join(SRC, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (branch.test(line) ? [`${relative(SRC, join(SRC, file))}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(offending).toEqual([]);
    for (const file of registryFiles) expect(readFileSync(join(SRC, file), 'utf8').length, file).toBeGreaterThan(0);
  });
});
