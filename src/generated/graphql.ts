/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where a profile reads its data. */
export type Backend =
  /** AWS CloudWatch Logs, CloudWatch and X-Ray of the profile's region. */
  | 'CLOUDWATCH'
  /** The embedded AWS emulator with the demo organisation. */
  | 'LOCAL';

/** What kind of AWS resource a service is; it decides the standard metrics. */
export type ResourceType =
  /** An Application Load Balancer (AWS/ApplicationELB: LoadBalancer). */
  | 'ALB'
  /** Anything else: namespace and dimensions from the profile. */
  | 'CUSTOM'
  /** An ECS service (AWS/ECS: ClusterName, ServiceName). */
  | 'ECS'
  /** A Lambda function (AWS/Lambda: FunctionName). */
  | 'LAMBDA'
  /** An RDS instance (AWS/RDS: DBInstanceIdentifier). */
  | 'RDS';

export type ProfilesQueryVariables = Exact<{ [key: string]: never; }>;


export type ProfilesQuery = { profiles: Array<{ name: string, backend: Backend, region: string, isDefault: boolean, services: Array<{ name: string, resourceType: ResourceType, repo: string | null }> }> };


export const ProfilesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Profiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"profiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"backend"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"resourceType"}},{"kind":"Field","name":{"kind":"Name","value":"repo"}}]}}]}}]}}]} as unknown as DocumentNode<ProfilesQuery, ProfilesQueryVariables>;