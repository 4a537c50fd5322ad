// CloudWatch Logs operations (StartQuery, GetQueryResults, StopQuery, DescribeLogGroups,
// FilterLogEvents) over the LogStore, with the API's own member names, limits and error messages.
import { AwsError, type ServiceHandlers } from './emulator-types.ts';
import type { EmulatorKnobs } from './emulator-knobs.ts';
import type { LogGroupRecord, LogStore, StoredLogEvent } from './log-store.ts';
import { lowerBound, upperBound } from './log-store.ts';
import { parseInsightsQuery } from './logs-insights-parser.ts';
import { InsightsQueryRegistry } from './logs-insights-queries.ts';
import { compileFilterPattern } from './log-filter-pattern.ts';

const MAX_QUERY_LOG_GROUPS = 50;
/** A SOURCE query fails when its prefixes match more log groups than this. */
const MAX_SOURCE_LOG_GROUPS = 10_000;
const MAX_QUERY_STRING = 10_000;
const MAX_QUERY_LIMIT = 10_000;
const MAX_DESCRIBE_LIMIT = 50;
const MAX_FILTER_LIMIT = 10_000;
const MAX_LOG_STREAM_NAMES = 100;

/** The "1 validation error detected" message AWS gives for a model constraint. */
function validation(member: string, value: unknown, constraint: string): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new AwsError(
    'InvalidParameterException',
    `1 validation error detected: Value '${shown}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsError('SerializationException', `Expected a string for ${member}`);
  return value;
}

function optionalStringList(input: Record<string, unknown>, member: string): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new AwsError('SerializationException', `Expected a list of strings for ${member}`);
  }
  return value as string[];
}

function optionalInteger(input: Record<string, unknown>, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new AwsError('SerializationException', `Expected an integer for ${member}`);
  return value;
}

function requiredInteger(input: Record<string, unknown>, member: string): number {
  const value = optionalInteger(input, member);
  if (value === undefined) throw validation(member, null, 'Member must not be null');
  return value;
}

function checkRange(member: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (value < min) throw validation(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validation(member, value, `Member must have value less than or equal to ${max}`);
}

/** A log group name, or its ARN (`arn:aws:logs:region:account:log-group:NAME[:*]`). */
function logGroupNameOf(identifier: string): string {
  const match = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return match ? (match[1] as string) : identifier;
}

function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeToken<T>(token: string, isValid: (value: unknown) => value is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through
  }
  throw invalid('The specified nextToken is invalid.');
}

function groupArns(group: LogGroupRecord, knobs: EmulatorKnobs): { arn: string; logGroupArn: string } {
  const logGroupArn = `arn:aws:logs:${knobs.region}:${knobs.accountId}:log-group:${group.logGroupName}`;
  return { arn: `${logGroupArn}:*`, logGroupArn };
}

function eventId(event: StoredLogEvent): string {
  // AWS event ids are long decimal strings; ours are unique per group and sort with the events.
  return `${String(event.timestamp).padStart(16, '0')}${String(event.sequence).padStart(16, '0')}`;
}

interface FilterPosition {
  g: string;
  t: number;
  s: number;
}

const isFilterPosition = (value: unknown): value is FilterPosition =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as FilterPosition).g === 'string' &&
  typeof (value as FilterPosition).t === 'number' &&
  typeof (value as FilterPosition).s === 'number';

const isDescribePosition = (value: unknown): value is { after: string } =>
  value !== null && typeof value === 'object' && typeof (value as { after: unknown }).after === 'string';

export function createLogsHandlers(store: LogStore, knobs: EmulatorKnobs): ServiceHandlers {
  const queries = new InsightsQueryRegistry(store, knobs);

  function requireGroup(name: string): LogGroupRecord {
    const group = store.getLogGroup(name);
    if (!group) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return group;
  }

  return {
    StartQuery(input, context) {
      const queryLanguage = optionalString(input, 'queryLanguage');
      if (queryLanguage !== undefined && queryLanguage !== 'CWLI') {
        throw invalid(`Query language ${queryLanguage} is not supported by this endpoint; use CWLI`);
      }
      const single = optionalString(input, 'logGroupName');
      const names = optionalStringList(input, 'logGroupNames');
      const identifiers = optionalStringList(input, 'logGroupIdentifiers');
      const given = [single, names, identifiers].filter((value) => value !== undefined).length;
      const queryString = optionalString(input, 'queryString');
      if (queryString === undefined) throw validation('queryString', null, 'Member must not be null');
      if (queryString.length > MAX_QUERY_STRING) {
        throw validation('queryString', `${queryString.slice(0, 40)}...`, `Member must have length less than or equal to ${MAX_QUERY_STRING}`);
      }
      const startTime = requiredInteger(input, 'startTime');
      const endTime = requiredInteger(input, 'endTime');
      checkRange('startTime', startTime, 0, Number.MAX_SAFE_INTEGER);
      checkRange('endTime', endTime, 0, Number.MAX_SAFE_INTEGER);
      if (endTime < startTime) throw invalid('endTime must be greater than or equal to startTime');
      const limit = optionalInteger(input, 'limit');
      checkRange('limit', limit, 1, MAX_QUERY_LIMIT);
      const parsed = parseInsightsQuery(queryString);

      let logGroupNames: string[];
      if (parsed.source) {
        // SOURCE chooses the log groups itself: no list beside it, at most 10,000 matching groups.
        if (given > 0) throw invalid('A query with the SOURCE command must not specify logGroupName, logGroupNames or logGroupIdentifiers.');
        const { namePrefixes, logGroupClass } = parsed.source;
        logGroupNames = logGroupClass === 'INFREQUENT_ACCESS' ? [] : store.listLogGroups().map((group) => group.logGroupName).filter((name) => namePrefixes.some((prefix) => name.startsWith(prefix)));
        if (logGroupNames.length > MAX_SOURCE_LOG_GROUPS) {
          throw new AwsError('LimitExceededException', `The SOURCE command matched ${logGroupNames.length} log groups; a query can search at most ${MAX_SOURCE_LOG_GROUPS}. Use longer prefixes.`);
        }
      } else {
        if (given === 0) throw invalid('Either logGroupName, logGroupNames or logGroupIdentifiers must be specified.');
        if (given > 1) throw invalid('Only one of logGroupName, logGroupNames or logGroupIdentifiers may be specified.');
        const requested = single !== undefined ? [single] : ((names ?? identifiers) as string[]);
        const member = single !== undefined ? 'logGroupName' : names ? 'logGroupNames' : 'logGroupIdentifiers';
        if (requested.length === 0) throw validation(member, requested, 'Member must have length greater than or equal to 1');
        if (requested.length > MAX_QUERY_LOG_GROUPS) {
          throw validation(member, `[${requested.join(', ')}]`, `Member must have length less than or equal to ${MAX_QUERY_LOG_GROUPS}`);
        }
        logGroupNames = requested.map(identifiers ? logGroupNameOf : (name: string) => name);
        for (const name of logGroupNames) {
          if (!store.hasLogGroup(name)) throw new AwsError('ResourceNotFoundException', `Log group '${name}' does not exist for account ID '${knobs.accountId}'`);
        }
      }
      if (queries.running(context.now) >= knobs.maxConcurrentQueries) {
        throw new AwsError('LimitExceededException', `Account maximum query concurrency limit of [${knobs.maxConcurrentQueries}] reached`);
      }
      const queryId = queries.start(
        {
          queryString,
          parsed,
          logGroupNames: [...new Set(logGroupNames)],
          // Epoch seconds, both inclusive: the end second is included entirely.
          startMs: startTime * 1000,
          endMs: endTime * 1000 + 999,
          ...(limit !== undefined ? { limit } : {}),
        },
        context.now,
      );
      return { queryId };
    },

    GetQueryResults(input, context) {
      const queryId = optionalString(input, 'queryId');
      if (queryId === undefined) throw validation('queryId', null, 'Member must not be null');
      queries.running(context.now);
      const snapshot = queries.snapshot(queryId, context.now);
      if (!snapshot) throw new AwsError('ResourceNotFoundException', `Query with id ${queryId} does not exist`);
      return {
        queryLanguage: 'CWLI',
        results: snapshot.results,
        statistics: snapshot.statistics,
        status: snapshot.status,
      };
    },

    StopQuery(input, context) {
      const queryId = optionalString(input, 'queryId');
      if (queryId === undefined) throw validation('queryId', null, 'Member must not be null');
      const stopped = queries.stop(queryId, context.now);
      if (stopped === undefined) throw new AwsError('ResourceNotFoundException', `Query with id ${queryId} does not exist`);
      return { success: stopped };
    },

    DescribeLogGroups(input) {
      const prefix = optionalString(input, 'logGroupNamePrefix');
      const pattern = optionalString(input, 'logGroupNamePattern');
      const identifiers = optionalStringList(input, 'logGroupIdentifiers');
      if (prefix !== undefined && pattern !== undefined) {
        throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      }
      if (identifiers !== undefined && (prefix !== undefined || pattern !== undefined)) {
        throw invalid('logGroupIdentifiers is mutually exclusive with logGroupNamePrefix and logGroupNamePattern.');
      }
      const limit = optionalInteger(input, 'limit');
      checkRange('limit', limit, 1, MAX_DESCRIBE_LIMIT);
      const nextToken = optionalString(input, 'nextToken');
      const after = nextToken === undefined ? undefined : decodeToken(nextToken, isDescribePosition).after;
      const wanted = identifiers ? new Set(identifiers.map(logGroupNameOf)) : undefined;
      const matching = store.listLogGroups().filter((group) => {
        const name = group.logGroupName;
        if (after !== undefined && name <= after) return false;
        if (prefix !== undefined && !name.startsWith(prefix)) return false;
        // The pattern is a case-sensitive substring search.
        if (pattern !== undefined && !name.includes(pattern)) return false;
        return !wanted || wanted.has(name);
      });
      const pageSize = limit ?? MAX_DESCRIBE_LIMIT;
      const page = matching.slice(0, pageSize);
      const logGroups = page.map((group) => {
        const { arn, logGroupArn } = groupArns(group, knobs);
        return {
          logGroupName: group.logGroupName,
          creationTime: group.creationTime,
          ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
          metricFilterCount: 0,
          arn,
          storedBytes: group.storedBytes,
          logGroupClass: 'STANDARD',
          logGroupArn,
        };
      });
      const last = page[page.length - 1];
      return {
        logGroups,
        ...(matching.length > pageSize && last ? { nextToken: encodeToken({ after: last.logGroupName }) } : {}),
      };
    },

    FilterLogEvents(input) {
      const name = optionalString(input, 'logGroupName');
      const identifier = optionalString(input, 'logGroupIdentifier');
      if (name !== undefined && identifier !== undefined) {
        throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
      }
      if (name === undefined && identifier === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
      const streamNames = optionalStringList(input, 'logStreamNames');
      const streamPrefix = optionalString(input, 'logStreamNamePrefix');
      if (streamNames !== undefined && streamPrefix !== undefined) {
        throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
      }
      if (streamNames !== undefined) {
        if (streamNames.length < 1) throw validation('logStreamNames', streamNames, 'Member must have length greater than or equal to 1');
        if (streamNames.length > MAX_LOG_STREAM_NAMES) {
          throw validation('logStreamNames', `[${streamNames.join(', ')}]`, `Member must have length less than or equal to ${MAX_LOG_STREAM_NAMES}`);
        }
      }
      const limit = optionalInteger(input, 'limit');
      checkRange('limit', limit, 1, MAX_FILTER_LIMIT);
      const startTime = optionalInteger(input, 'startTime');
      const endTime = optionalInteger(input, 'endTime');
      checkRange('startTime', startTime, 0, Number.MAX_SAFE_INTEGER);
      checkRange('endTime', endTime, 0, Number.MAX_SAFE_INTEGER);
      const matches = compileFilterPattern(optionalString(input, 'filterPattern'));
      const group = requireGroup(name ?? logGroupNameOf(identifier as string));
      const nextToken = optionalString(input, 'nextToken');
      const position = nextToken === undefined ? undefined : decodeToken(nextToken, isFilterPosition);
      if (position && position.g !== group.logGroupName) throw invalid('The specified nextToken is invalid.');

      const wantedStreams = streamNames ? new Set(streamNames) : undefined;
      const streamMatches = (stream: string): boolean =>
        (!wantedStreams || wantedStreams.has(stream)) && (streamPrefix === undefined || stream.startsWith(streamPrefix));
      const to = upperBound(group.timestamps, endTime ?? Number.MAX_SAFE_INTEGER);
      let i = lowerBound(group.timestamps, position ? position.t : (startTime ?? 0));
      if (position) {
        while (i < to && (group.events[i] as StoredLogEvent).timestamp === position.t && (group.events[i] as StoredLogEvent).sequence < position.s) i++;
      }
      const pageLimit = limit ?? MAX_FILTER_LIMIT;
      // AWS scans in bounded chunks: a page may end short (or empty) with a nextToken to go on.
      const scanBudget = Math.max(1, knobs.filterScanEventsPerPage);
      const events: Array<{ logStreamName: string; timestamp: number; message: string; ingestionTime: number; eventId: string }> = [];
      let examined = 0;
      while (i < to && events.length < pageLimit && examined < scanBudget) {
        const event = group.events[i] as StoredLogEvent;
        examined++;
        i++;
        if (!streamMatches(event.logStreamName) || !matches(event.message)) continue;
        events.push({
          logStreamName: event.logStreamName,
          timestamp: event.timestamp,
          message: event.message,
          ingestionTime: event.ingestionTime,
          eventId: eventId(event),
        });
      }
      const next = i < to ? (group.events[i] as StoredLogEvent) : undefined;
      const searchedLogStreams = [...group.streams.keys()]
        .filter(streamMatches)
        .sort()
        .map((logStreamName) => ({ logStreamName, searchedCompletely: next === undefined }));
      return {
        events,
        searchedLogStreams,
        ...(next ? { nextToken: encodeToken({ g: group.logGroupName, t: next.timestamp, s: next.sequence }) } : {}),
      };
    },
  };
}
