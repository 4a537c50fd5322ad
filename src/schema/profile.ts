// Profile: one AWS account/region (or the embedded demo); service.ts adds its `services`.
import type { ProfileRuntime } from '../runtime/gateway-runtime.ts';
import { builder } from './builder.ts';
import { readableProfile, readableProfiles } from './caller-access.ts';
import { resolveOrError } from './graphql-errors.ts';

export const BackendEnum = builder.enumType('Backend', {
  description: 'Where a profile reads its data.',
  values: {
    CLOUDWATCH: { value: 'cloudwatch', description: 'AWS CloudWatch Logs, CloudWatch and X-Ray of the profile\'s region.' },
    LOCAL: { value: 'local', description: 'The embedded AWS emulator with the demo organisation.' },
  } as const,
});

export const ProfileRef = builder.objectRef<ProfileRuntime>('Profile');

ProfileRef.implement({
  description: 'A named set of services in one AWS account and region, from the TOML config.',
  fields: (t) => ({
    name: t.exposeString('name', { description: "The profile's name in the TOML ([profiles.<name>])." }),
    backend: t.field({ description: "Where the profile reads its data.", type: BackendEnum, resolve: (profile) => profile.config.backend }),
    region: t.exposeString('region', { description: "The AWS region of the profile." }),
    logGroupPrefix: t.string({
      nullable: true,
      description: 'Log groups searched for services without explicit log groups; null: every log group of the region.',
      resolve: (profile) => profile.config.log_group_prefix ?? null,
    }),
    isDefault: t.boolean({
      description: 'True for the profile used when a query names none.',
      resolve: (profile, _args, context) => context.runtime.config.defaultProfile === profile.name,
    }),
  }),
});

builder.queryFields((t) => ({
  profiles: t.field({
    type: [ProfileRef],
    description: 'Every configured profile the caller may read.',
    resolve: (_root, _args, context) => readableProfiles(context),
  }),
  profile: t.field({
    type: ProfileRef,
    description: 'A profile by name; without a name, the default profile.',
    args: { name: t.arg.string({ description: "Profile name; default: the default profile." }) },
    resolve: (_root, args, context) => resolveOrError(async () => readableProfile(context, args.name)),
  }),
}));
