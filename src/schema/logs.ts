// Logs fields: Service.logs and Service.logVolume (Logs Insights), Query.logGroups
// (DescribeLogGroups), and the live tail subscription (logs-tail.ts). Every AWS-backed field is
// nullable, so a failed query nulls only itself.
import { BUCKET_SYNTAX } from '../aws/logs-insights-query.ts';
import { RESOURCE_TYPES, resourceTypeOf } from '../config/resource-types.ts';
import { loadLogGroups, loadLogVolume, loadServiceLogs } from '../loaders/logs/logs-loader.ts';
import type { RequestContext } from '../runtime/request-context.ts';
import { builder } from './builder.ts';
import { readableProfile, requireWholeProfile, visibleLogResult } from './caller-access.ts';
import { resolveOrError } from './graphql-errors.ts';
import { LogBucketRef, LogFilterInput, LogGroupRef, LogQueryResultRef, toLogFilter } from './logs-types.ts';
import { ServiceRef } from './service.ts';
import { resolveTimeRange, TimeRangeInput, type TimeRangeInputShape } from './time-range.ts';

/** The ResourceType values whose logs are searched only where a service names them (the registry's `logs: 'named-only'`). */
const NAMED_ONLY_TYPES = RESOURCE_TYPES.filter((type) => resourceTypeOf(type)?.logs === 'named-only').map((type) => type.toUpperCase());

function windowOf(context: RequestContext, range: TimeRangeInputShape | null | undefined) {
  return resolveTimeRange(range, { now: context.now, maxWindowMs: context.runtime.config.limits.max_window });
}

builder.objectFields(ServiceRef, (t) => ({
  logs: t.field({
    type: LogQueryResultRef,
    nullable: true,
    description:
      `The newest log lines of the service (Logs Insights over its log groups, or the profile's prefix filtered by @logStream), newest first. Null with an error when the query fails. A service of a type whose logs are not found by its name (${NAMED_ONLY_TYPES.join(', ')}) that names no log_groups (nor a log_stream_pattern) reads nothing: no query, \`logGroups\` empty.`,
    args: {
      range: t.arg({ type: TimeRangeInput, description: 'Default: the last hour.' }),
      filter: t.arg({ description: "Which lines to keep; default: every line.", type: LogFilterInput }),
      limit: t.arg.int({ defaultValue: 100, description: 'Lines returned at most, 1..10,000.' }),
    },
    resolve: (service, args, context) =>
      resolveOrError(async () =>
        visibleLogResult(context, service.profile, [service], await loadServiceLogs(context, service, { window: windowOf(context, args.range), filter: toLogFilter(args.filter), limit: args.limit ?? 100 })),
      ),
  }),
  logVolume: t.field({
    type: [LogBucketRef],
    nullable: true,
    description:
      'How many lines (that pass `filter`) the service wrote per time bucket, oldest first, empty buckets as 0 (Logs Insights `stats count(*) by bin()`).',
    args: {
      range: t.arg({ type: TimeRangeInput, description: 'Default: the last hour.' }),
      filter: t.arg({ description: "Which lines to count; default: every line.", type: LogFilterInput }),
      bucket: t.arg.string({ description: `Bucket size: ${BUCKET_SYNTAX}; default: chosen so the window has at most 120 buckets.` }),
    },
    resolve: (service, args, context) =>
      resolveOrError(() => loadLogVolume(context, service, { window: windowOf(context, args.range), filter: toLogFilter(args.filter), bucket: args.bucket ?? null })),
  }),
}));

builder.queryFields((t) => ({
  logGroups: t.field({
    type: [LogGroupRef],
    nullable: true,
    description: 'Log groups of a profile by name prefix (default: the profile\'s log_group_prefix; "" lists every log group of the region), sorted by name.',
    args: { profile: t.arg.string({ description: "Profile name; default: the default profile." }), prefix: t.arg.string({ description: "Log group name prefix; default: the profile's log_group_prefix; \"\" lists every log group of the region." }) },
    resolve: (_root, args, context) =>
      resolveOrError(async () => {
        const profile = readableProfile(context, args.profile);
        requireWholeProfile(context, profile, 'logGroups');
        const prefix = args.prefix ?? profile.config.log_group_prefix;
        const groups = await loadLogGroups(context, profile, prefix || undefined);
        return [...groups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      }),
  }),
}));
