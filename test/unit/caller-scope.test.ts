// What a scoped caller sees of a trace: which traces it may read at all, and whose spans it sees in
// full ([server] foreign_spans, a token's or a JWT scope's own foreign_spans; several grants: the
// union of what each shows on its own).
import { describe, expect, it } from 'vitest';
import { Caller, grantOf, type TracedService } from '../../src/config/caller-scope.ts';
import type { ConfigError } from '../../src/config/load-config.ts';
import { configFromToml } from '../support/test-gateway.ts';

const configured = (name: string): TracedService => ({ traceName: name, configured: [name] });
const unconfigured = (name: string): TracedService => ({ traceName: name, configured: [] });
const PAYMENTS = configured('payments-api');
const CHECKOUT = configured('checkout-web');
const ORDERS = configured('orders-service');
const LEDGER = unconfigured('payments-ledger');
const UNKNOWN: TracedService = { traceName: null, configured: [] };

const grant = (services: string[] | undefined, extra: { explore?: boolean; foreign_spans?: 'redacted' | 'full'; profiles?: string[] } = {}) =>
  grantOf({ ...(services ? { services } : {}), explore: extra.explore ?? false, ...(extra.foreign_spans ? { foreign_spans: extra.foreign_spans } : {}), ...(extra.profiles ? { profiles: extra.profiles } : {}) });

describe('Caller.traceAccess', () => {
  it('refuses a trace none of whose services the caller reads', () => {
    const caller = new Caller('payments', [grant(['payments-*'])]);
    expect(caller.traceAccess('demo', [CHECKOUT, ORDERS])).toBeUndefined();
    expect(caller.traceAccess('demo', [])).toBeUndefined();
    // An unconfigured name that matches the pattern (an inferred DynamoDB table) is not the caller's service.
    expect(caller.traceAccess('demo', [CHECKOUT, LEDGER])).toBeUndefined();
  });

  it('redacts by default: only the spans of the caller\'s services show in full', () => {
    const access = new Caller('payments', [grant(['payments-*'])]).traceAccess('demo', [CHECKOUT, PAYMENTS, LEDGER])!;
    expect(access.everything).toBe(false);
    expect([PAYMENTS, CHECKOUT, ORDERS, LEDGER, UNKNOWN].map((service) => access.showsInFull(service))).toEqual([true, false, false, false, false]);
  });

  it('shows every span of a trace it reads when its grant says foreign_spans = "full"', () => {
    const caller = new Caller('payments', [grant(['payments-*'], { foreign_spans: 'full' })]);
    expect(caller.traceAccess('demo', [CHECKOUT, PAYMENTS])?.everything).toBe(true);
    // Full shows foreign spans of the traces it may read; it reads no more traces.
    expect(caller.traceAccess('demo', [CHECKOUT, ORDERS])).toBeUndefined();
  });

  it('shows everything to a grant no pattern narrows, unconfigured and unknown services too', () => {
    const admin = new Caller('admin', [grant(undefined)]);
    expect(admin.traceAccess('demo', [UNKNOWN, LEDGER])?.everything).toBe(true);
    expect(admin.traceAccess('demo', [])?.everything).toBe(true);
  });

  it('reads an unconfigured name only for an explorer whose pattern matches it (ad-hoc services need explore)', () => {
    const explorer = new Caller('explorer', [grant(['payments-*'], { explore: true })]);
    const access = explorer.traceAccess('demo', [CHECKOUT, LEDGER])!;
    expect(access.showsInFull(LEDGER)).toBe(true);
    expect(access.showsInFull(CHECKOUT)).toBe(false);
  });

  it('matches a configured service by its configured name, whatever its trace name', () => {
    const renamed: TracedService = { traceName: 'PaymentsAPI', configured: ['payments-api'] };
    const access = new Caller('payments', [grant(['payments-*'])]).traceAccess('demo', [renamed])!;
    expect(access.showsInFull(renamed)).toBe(true);
    expect(new Caller('x', [grant(['Payments*'])]).traceAccess('demo', [renamed])).toBeUndefined();
  });

  it('with several grants shows the union of what each shows on its own', () => {
    const caller = new Caller('two-teams', [grant(['payments-*'], { foreign_spans: 'full' }), grant(['orders-*'])]);
    // A payments trace: the payments grant reads it and says full.
    expect(caller.traceAccess('demo', [CHECKOUT, PAYMENTS])?.everything).toBe(true);
    // An orders trace: only the orders grant reads it, and it redacts; the payments grant's "full"
    // covers only traces that grant reads.
    const orders = caller.traceAccess('demo', [CHECKOUT, ORDERS])!;
    expect(orders.everything).toBe(false);
    expect([ORDERS, CHECKOUT].map((service) => orders.showsInFull(service))).toEqual([true, false]);
    // A trace through both: full.
    expect(caller.traceAccess('demo', [CHECKOUT, ORDERS, PAYMENTS])?.everything).toBe(true);
  });

  it('takes only the grants of the trace\'s profile', () => {
    const caller = new Caller('mixed', [grant(undefined, { profiles: ['other'] }), grant(['payments-*'], { profiles: ['demo'] })]);
    const access = caller.traceAccess('demo', [CHECKOUT, PAYMENTS])!;
    expect(access.everything).toBe(false);
    expect(caller.traceAccess('other', [CHECKOUT])?.everything).toBe(true);
  });
});

const PROFILES = `[profiles.demo]
backend = "local"
`;

function problemsOf(toml: string): string[] {
  try {
    configFromToml(toml);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('foreign_spans in the config', () => {
  const token = (extra = '') => `[[server.tokens]]\nname = "payments"\nsha256 = "${'a'.repeat(64)}"\nservices = ["payments-*"]\n${extra}\n`;
  const jwt = (extra = '') =>
    `[server.jwt]\njwks_url = "http://127.0.0.1:9/jwks.json"\nissuer = "i"\naudience = "a"\nscope_claim = "groups"\n[server.jwt.scopes.team]\nservices = ["payments-*"]\n${extra}\n`;

  it('defaults to "redacted", and a token or JWT scope without its own takes [server] foreign_spans', () => {
    const plain = configFromToml(`[server]\nhost = "0.0.0.0"\n${token()}${jwt()}${PROFILES}`).server;
    expect(plain.foreign_spans).toBe('redacted');
    expect(plain.tokens[0]?.foreign_spans).toBe('redacted');
    expect(plain.jwt?.scopes['team']?.foreign_spans).toBe('redacted');
    const full = configFromToml(`[server]\nhost = "0.0.0.0"\nforeign_spans = "full"\n${token()}${jwt()}${PROFILES}`).server;
    expect(full.tokens[0]?.foreign_spans).toBe('full');
    expect(full.jwt?.scopes['team']?.foreign_spans).toBe('full');
    expect(grantOf(full.tokens[0]!).foreignSpans).toBe('full');
  });

  it('lets a token or a JWT scope choose its own', () => {
    const server = configFromToml(`[server]\nhost = "0.0.0.0"\nforeign_spans = "full"\n${token('foreign_spans = "redacted"')}${jwt('foreign_spans = "redacted"')}${PROFILES}`).server;
    expect(server.tokens[0]?.foreign_spans).toBe('redacted');
    expect(server.jwt?.scopes['team']?.foreign_spans).toBe('redacted');
  });

  it('refuses any other value and misspelt keys, naming the key path and what is allowed', () => {
    expect(problemsOf(`[server]\nhost = "0.0.0.0"\nforeign_spans = "partial"\n${token('foreign_span = "full"')}${jwt('foreign_spans = true')}${PROFILES}`)).toEqual([
      expect.stringMatching(/server\.jwt\.scopes\.team\.foreign_spans: Invalid option: expected one of "redacted"\|"full"$/),
      expect.stringMatching(/server\.tokens\.0\.foreign_span: unknown key; did you mean "foreign_spans"\?/),
      expect.stringMatching(/server\.foreign_spans: Invalid option: expected one of "redacted"\|"full"$/),
    ]);
  });
});
