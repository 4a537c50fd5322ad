// The emulator's control endpoint, so operators and tests can rehearse faults from outside its
// process: GET /_emulator/faults shows the knobs and per-operation counters, PUT sets faults,
// throttling, latency and forced Logs Insights outcomes, DELETE clears them. Loopback clients only,
// and never a web page: a page on any site may send a "simple" cross-origin POST (text/plain, no
// preflight) to 127.0.0.1, or rebind its own name to it. So a change must be JSON (which a page
// can only send after a preflight, and preflights are refused), a request naming another origin is
// refused, and the Host must be a loopback name. All checked on the headers, before the body is read.
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { FAULT_KINDS, OPERATIONS, type EmulatorKnobs, type Operation } from './emulator-knobs.ts';

export const CONTROL_PATH = '/_emulator/';
const FAULTS_PATH = '/_emulator/faults';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

function isLoopbackAddress(address: string | undefined): boolean {
  const family = address ? isIP(address) : 0;
  return family !== 0 && LOOPBACK.check(address!, family === 4 ? 'ipv4' : 'ipv6');
}

/** `localhost`, `127.0.0.1:4566`, `[::1]:4566`: a Host header naming this machine, as a DNS-rebound name cannot. */
function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return bare === 'localhost' || isLoopbackAddress(bare);
}

/** Bytes of a control request's body read at most (a change is a few hundred). */
export const MAX_CONTROL_BODY_BYTES = 65_536;

export interface ControlHeaders {
  method: string;
  remoteAddress: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  contentType: string | undefined;
}

/** Why a control request is refused from its headers alone (answered before its body is read), or undefined. */
export function controlRefusal(request: ControlHeaders): { status: number; body: { message: string } } | undefined {
  if (!isLoopbackAddress(request.remoteAddress)) return { status: 403, body: { message: 'the emulator control endpoint answers loopback clients only' } };
  if (!isLoopbackHostHeader(request.host)) return { status: 403, body: { message: `the emulator control endpoint answers requests for a loopback host only (localhost, 127.0.0.1, [::1]); Host was ${JSON.stringify(request.host ?? '')}` } };
  if (request.origin !== undefined && request.origin !== `http://${request.host}`) {
    return { status: 403, body: { message: `the emulator control endpoint refuses requests from web pages (Origin ${request.origin})` } };
  }
  const json = /^application\/json\s*(;|$)/i.test(request.contentType ?? '');
  if (request.method !== 'GET' && request.method !== 'HEAD' && !json) {
    return { status: 415, body: { message: `${request.method} needs "Content-Type: application/json" (curl -H 'content-type: application/json')` } };
  }
  return undefined;
}

const operation = z.enum(OPERATIONS as [Operation, ...Operation[]]);
const faultRule = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(0).optional(),
  probability: z.number().min(0).max(1).optional(),
  status: z.union([z.literal(500), z.literal(503)]).optional(),
  holdMs: z.number().int().min(0).max(600_000).optional(),
});
const throttleRule = z.strictObject({
  callsPerSecond: z.number().min(0).optional(),
  throttleProbability: z.number().min(0).max(1).optional(),
  count: z.number().int().min(0).optional(),
});

/** A change of the knobs: per operation, a rule sets it and null removes it; outcomes replace the queue. */
export const controlChangeSchema = z.strictObject({
  faults: z.partialRecord(operation, faultRule.nullable()).optional(),
  throttle: z.partialRecord(operation, throttleRule.nullable()).optional(),
  latencyMs: z.partialRecord(operation, z.number().int().min(0).max(600_000).nullable()).optional(),
  nextQueryOutcomes: z.array(z.enum(['Failed', 'Cancelled', 'Timeout'])).optional(),
  /** How long a new Logs Insights query runs before it is Complete. */
  queryRunMs: z.number().int().min(0).max(3_600_000).optional(),
});
export type ControlChange = z.output<typeof controlChangeSchema>;

function setEach<T>(target: Partial<Record<Operation, T>>, change: Partial<Record<Operation, T | null>> | undefined): void {
  for (const [op, value] of Object.entries(change ?? {}) as Array<[Operation, T | null]>) {
    if (value === null) delete target[op];
    else target[op] = value;
  }
}

/** Applies a validated change to the knobs (also what the CLI's fault flags do). */
export function applyControlChange(knobs: EmulatorKnobs, change: ControlChange): void {
  setEach(knobs.faults, change.faults as Partial<Record<Operation, EmulatorKnobs['faults'][Operation] | null>> | undefined);
  setEach(knobs.throttle, change.throttle as Partial<Record<Operation, EmulatorKnobs['throttle'][Operation] | null>> | undefined);
  setEach(knobs.latencyMs, change.latencyMs);
  if (change.nextQueryOutcomes) knobs.nextQueryOutcomes.splice(0, knobs.nextQueryOutcomes.length, ...change.nextQueryOutcomes);
  if (change.queryRunMs !== undefined) knobs.queryRunMs = change.queryRunMs;
}

export function clearFaults(knobs: EmulatorKnobs): void {
  for (const target of [knobs.faults, knobs.throttle, knobs.latencyMs]) for (const key of Object.keys(target)) delete target[key as Operation];
  knobs.nextQueryOutcomes.length = 0;
}

function state(knobs: EmulatorKnobs) {
  return {
    faults: knobs.faults,
    throttle: knobs.throttle,
    latencyMs: knobs.latencyMs,
    nextQueryOutcomes: knobs.nextQueryOutcomes,
    queryRunMs: knobs.queryRunMs,
    counters: knobs.counters.snapshot(),
    runningQueries: knobs.counters.runningQueries,
  };
}

export interface ControlRequest extends ControlHeaders {
  path: string;
  body: string;
}

export function answerControl(knobs: EmulatorKnobs, request: ControlRequest): { status: number; body: unknown } {
  const refusal = controlRefusal(request);
  if (refusal) return refusal;
  if (request.path !== FAULTS_PATH) return { status: 404, body: { message: `unknown control path; use ${FAULTS_PATH}` } };
  switch (request.method) {
    case 'GET':
      return { status: 200, body: state(knobs) };
    case 'DELETE':
      clearFaults(knobs);
      return { status: 200, body: state(knobs) };
    case 'PUT':
    case 'POST': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.body || '{}');
      } catch (error) {
        return { status: 400, body: { message: `not JSON: ${(error as Error).message}` } };
      }
      const change = controlChangeSchema.safeParse(parsed);
      if (!change.success) return { status: 400, body: { message: 'invalid change', issues: change.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) } };
      applyControlChange(knobs, change.data);
      return { status: 200, body: state(knobs) };
    }
    default:
      return { status: 405, body: { message: 'use GET, PUT or DELETE' } };
  }
}

/**
 * The CLI's `--fault OP=KIND[:COUNT]` (KIND: throttle, 5xx, hang, access-denied), `--latency OP=MS`
 * and `--insights-outcome STATUS` flags as one change; throws with a message naming the bad flag.
 */
export function changeFromFlags(flags: { fault?: string[]; latency?: string[]; insightsOutcome?: string[] }): ControlChange {
  const change: ControlChange = { faults: {}, throttle: {}, latencyMs: {} };
  const opOf = (text: string, flag: string): Operation => {
    const parsed = operation.safeParse(text);
    if (!parsed.success) throw new Error(`${flag}: unknown operation "${text}"; operations: ${OPERATIONS.join(', ')}`);
    return parsed.data;
  };
  for (const spec of flags.fault ?? []) {
    const match = /^([A-Za-z]+)=(throttle|5xx|hang|access-denied)(?::(\d+))?$/.exec(spec);
    if (!match) throw new Error(`--fault: expected OP=KIND[:COUNT] with KIND throttle, 5xx, hang or access-denied; got "${spec}"`);
    const op = opOf(match[1]!, '--fault');
    const count = match[3] !== undefined ? { count: Number(match[3]) } : {};
    if (match[2] === 'throttle') change.throttle![op] = match[3] !== undefined ? { count: Number(match[3]) } : { callsPerSecond: 0 };
    else change.faults![op] = { kind: match[2] === 'hang' ? 'timeout' : (match[2] as '5xx' | 'access-denied'), ...(match[2] === 'hang' ? { holdMs: 600_000 } : {}), ...count };
  }
  for (const spec of flags.latency ?? []) {
    const match = /^([A-Za-z]+)=(\d+)$/.exec(spec);
    if (!match) throw new Error(`--latency: expected OP=MILLISECONDS; got "${spec}"`);
    change.latencyMs![opOf(match[1]!, '--latency')] = Number(match[2]);
  }
  const outcomes = flags.insightsOutcome ?? [];
  for (const outcome of outcomes) if (!['Failed', 'Cancelled', 'Timeout'].includes(outcome)) throw new Error(`--insights-outcome: expected Failed, Cancelled or Timeout; got "${outcome}"`);
  if (outcomes.length) change.nextQueryOutcomes = outcomes as ControlChange['nextQueryOutcomes'];
  return change;
}
