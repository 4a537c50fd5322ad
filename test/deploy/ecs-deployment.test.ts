// deploy/ecs checked with no AWS account: the task definition through the AWS CLI's own parameter
// validation, the CloudFormation template through cfn-lint and a reference check of our own, the
// template's roles and task definition against the standalone JSON documents, the IAM actions
// against the seed's policy, the secrets against docs/deploy-ecs.md, and the environment against what the
// gateway reads.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { freeLoopbackPort } from '../support/free-port.ts';
import { AWS_CLI, CFN_LINT, skipEachTestWithout } from '../support/required-tool.ts';

const run = promisify(execFile);
type Json = Record<string, any>;

const ROOT = resolve(import.meta.dirname, '../..');
const ECS = join(ROOT, 'deploy/ecs');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const readJson = (name: string): Json => JSON.parse(readFileSync(join(ECS, name), 'utf8')) as Json;

const taskDefinition = readJson('task-definition.json');
const taskRolePolicy = readJson('task-role-policy.json');
const taskRoleTrust = readJson('task-role-trust-policy.json');
const executionRolePolicy = readJson('execution-role-policy.json');
const executionRoleTrust = readJson('execution-role-trust-policy.json');
const template = readJson('cloudformation.json');
const container = taskDefinition['containerDefinitions'][0] as Json;
/** Where the operator reads the IAM policy, and the deployment walkthrough. */
const CONFIGURATION_DOC = read('docs/configuration.md');
const DEPLOY_DOC = read('docs/deploy-ecs.md');

/** The seed's IAM policy: what the gateway calls, and all it may call besides the optional StopQuery. */
const SEED_ACTIONS = [
  'logs:StartQuery',
  'logs:GetQueryResults',
  'logs:DescribeLogGroups',
  'logs:FilterLogEvents',
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'xray:GetTraceSummaries',
  'xray:BatchGetTraces',
];
const OPTIONAL_ACTIONS = ['logs:StopQuery'];

const statements = (policy: Json): Json[] => policy['Statement'] as Json[];
const actionsOf = (policy: Json): string[] => statements(policy).flatMap((s) => [s['Action']].flat() as string[]);
const resourcesOf = (statement: Json): string[] => [statement['Resource']].flat() as string[];

// ---- CloudFormation: references, and the template resolved to the standalone documents' notation.

const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/** Every Ref, Fn::GetAtt, Fn::Sub variable, condition and DependsOn that names nothing the template defines. */
function undefinedReferences(cfn: Json): string[] {
  const parameters = new Set(Object.keys(cfn['Parameters'] ?? {}));
  const resources = new Set(Object.keys(cfn['Resources'] ?? {}));
  const conditions = new Set(Object.keys(cfn['Conditions'] ?? {}));
  const known = (name: string): boolean => parameters.has(name) || resources.has(name) || PSEUDO_PARAMETERS.has(name);
  const problems: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${path}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Json)) {
      const at = `${path}.${key}`;
      if (key === 'Ref') {
        if (typeof inner !== 'string' || !known(inner)) problems.push(`${at}: Ref to undefined ${JSON.stringify(inner)}`);
      } else if (key === 'Fn::GetAtt') {
        const [resource, attribute] = typeof inner === 'string' ? inner.split(/\.(.*)/) : (inner as string[]);
        if (!resource || !resources.has(resource) || !attribute) problems.push(`${at}: GetAtt of undefined ${JSON.stringify(inner)}`);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = typeof inner === 'string' ? [inner, {}] : (inner as [string, Json]);
        for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
          const name = match[1]!;
          if (name in variables) continue;
          const [base, attribute] = name.split(/\.(.*)/);
          if (attribute !== undefined ? !resources.has(base!) : !known(name)) problems.push(`${at}: \${${name}} is undefined`);
        }
        walk(variables, at);
      } else if (key === 'Fn::If') {
        const [condition, ...branches] = inner as [string, unknown, unknown];
        if (!conditions.has(condition)) problems.push(`${at}: undefined condition ${condition}`);
        walk(branches, at);
      } else if (key === 'Condition' && typeof inner === 'string') {
        if (!conditions.has(inner)) problems.push(`${at}: undefined condition ${inner}`);
      } else if (key === 'DependsOn') {
        for (const name of [inner].flat() as string[]) if (!resources.has(name)) problems.push(`${at}: depends on undefined ${name}`);
      } else {
        walk(inner, at);
      }
    }
  };
  for (const section of ['Rules', 'Conditions', 'Resources', 'Outputs']) walk(cfn[section], section);
  return problems;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * The template's values in the standalone documents' notation: Ref X and GetAtt X.Y become "${X}"
 * and "${X.Y}", Fn::Sub its text, Fn::If the branch of the given conditions, AWS::NoValue nothing.
 */
function resolveIntrinsics(value: unknown, conditions: Record<string, boolean>): any {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, conditions)).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Json);
  if (entries.length === 1) {
    const [key, inner] = entries[0]!;
    if (key === 'Ref') return inner === 'AWS::NoValue' ? NO_VALUE : `\${${inner}}`;
    if (key === 'Fn::GetAtt') return `\${${[inner].flat().join('.')}}`;
    if (key === 'Fn::Sub') {
      if (typeof inner !== 'string') throw new Error('Fn::Sub with a variable map: not used by this template');
      return inner;
    }
    if (key === 'Fn::If') {
      const [condition, whenTrue, whenFalse] = inner as [string, unknown, unknown];
      if (!(condition in conditions)) throw new Error(`condition ${condition} not given`);
      return resolveIntrinsics(conditions[condition] ? whenTrue : whenFalse, conditions);
    }
    if (key.startsWith('Fn::')) throw new Error(`${key}: not used by this template`);
  }
  const out: Json = {};
  for (const [key, inner] of entries) {
    const resolved = resolveIntrinsics(inner, conditions);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** CloudFormation's PascalCase properties as the ECS API's camelCase (log driver options are data). */
function camelCase(value: unknown): any {
  if (Array.isArray(value)) return value.map(camelCase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Json).map(([key, inner]) => [key[0]!.toLowerCase() + key.slice(1), key === 'Options' ? inner : camelCase(inner)]));
}

const resources = template['Resources'] as Json;
const EXTERNAL_REDIS = { CreateRedis: false, ExternalRedis: true, UseRedis: true };
const STACK_REDIS = { CreateRedis: true, ExternalRedis: false, UseRedis: true };
const NO_REDIS = { CreateRedis: false, ExternalRedis: false, UseRedis: false };
const stackTaskDefinition = (conditions: Record<string, boolean>): Json => camelCase(resolveIntrinsics(resources['TaskDefinition']['Properties'], conditions));
const stackPolicy = (role: string, conditions: Record<string, boolean>): Json => resolveIntrinsics(resources[role]['Properties']['Policies'][0]['PolicyDocument'], conditions);

describe('the CloudFormation template', () => {
  it('is JSON whose every Ref, GetAtt, Sub variable, condition and DependsOn is defined', () => {
    expect(template['AWSTemplateFormatVersion']).toBe('2010-09-09');
    expect(undefinedReferences(template)).toEqual([]);
  });

  it('has a reference check that does fail on an undefined name', () => {
    const broken = structuredClone(template);
    broken['Resources']['Service']['Properties']['Cluster'] = { Ref: 'Clutser' };
    broken['Resources']['RedisUrlSecret']['Properties']['SecretString'] = { 'Fn::Sub': 'rediss://${Redis.PrimaryEndPoint.Address}:${RedisPort}' };
    broken['Resources']['Service']['DependsOn'] = ['HttpListener'];
    expect(undefinedReferences(broken)).toEqual([
      'Resources.Service.DependsOn: depends on undefined HttpListener',
      'Resources.Service.Properties.Cluster.Ref: Ref to undefined "Clutser"',
      'Resources.RedisUrlSecret.Properties.SecretString.Fn::Sub: ${RedisPort} is undefined',
    ]);
  });

  it('registers exactly task-definition.json, with the secrets of the chosen Redis', () => {
    expect(stackTaskDefinition(EXTERNAL_REDIS)).toEqual(taskDefinition);
    const secrets = (conditions: Record<string, boolean>): unknown => stackTaskDefinition(conditions)['containerDefinitions'][0]['secrets'];
    expect(secrets(STACK_REDIS)).toEqual([
      { name: 'TINKR_TOKEN_SHA256', valueFrom: '${TokenHashSecretArn}' },
      { name: 'REDIS_URL', valueFrom: '${RedisUrlSecret}' },
    ]);
    expect(secrets(NO_REDIS)).toEqual([{ name: 'TINKR_TOKEN_SHA256', valueFrom: '${TokenHashSecretArn}' }]);
  });

  it('gives its roles exactly the standalone policy documents', () => {
    expect(stackPolicy('TaskRole', EXTERNAL_REDIS)).toEqual(taskRolePolicy);
    expect(resolveIntrinsics(resources['TaskRole']['Properties']['AssumeRolePolicyDocument'], {})).toEqual(taskRoleTrust);
    expect(stackPolicy('ExecutionRole', EXTERNAL_REDIS)).toEqual(executionRolePolicy);
    expect(resolveIntrinsics(resources['ExecutionRole']['Properties']['AssumeRolePolicyDocument'], {})).toEqual(executionRoleTrust);
    const secretsRead = (conditions: Record<string, boolean>): string[] =>
      resourcesOf(statements(stackPolicy('ExecutionRole', conditions)).find((s) => s['Sid'] === 'ReadTheNamedSecrets')!);
    expect(secretsRead(STACK_REDIS)).toEqual(['${TokenHashSecretArn}', '${RedisUrlSecret}']);
    expect(secretsRead(NO_REDIS)).toEqual(['${TokenHashSecretArn}']);
  });

  it('puts the service behind the load balancer with the health check on /health, on the container port', () => {
    const port = container['portMappings'][0]['containerPort'];
    const targetGroup = resources['TargetGroup']['Properties'];
    expect(targetGroup).toMatchObject({ TargetType: 'ip', Protocol: 'HTTP', Port: port, HealthCheckPath: '/health', Matcher: { HttpCode: '200' } });
    expect(resources['Service']['Properties']['LoadBalancers']).toEqual([{ ContainerName: container['name'], ContainerPort: port, TargetGroupArn: { Ref: 'TargetGroup' } }]);
    expect(resources['HttpsListener']['Properties']).toMatchObject({ Protocol: 'HTTPS', Port: 443 });
    expect(Object.values(resources).filter((r: Json) => r['Type'] === 'AWS::ElasticLoadBalancingV2::Listener')).toHaveLength(1);
    // The tasks accept the load balancer only.
    expect(resources['TasksFromLoadBalancer']['Properties']).toMatchObject({ GroupId: { Ref: 'TaskSecurityGroup' }, FromPort: port, ToPort: port, SourceSecurityGroupId: { Ref: 'LoadBalancerSecurityGroup' } });
    expect(resources['TaskSecurityGroup']['Properties']['SecurityGroupIngress']).toBeUndefined();
    // A request may run request_timeout (60 s by default) before the load balancer's idle timeout cuts it.
    const idle = resources['LoadBalancer']['Properties']['LoadBalancerAttributes'].find((a: Json) => a['Key'] === 'idle_timeout.timeout_seconds');
    expect(Number(idle['Value'])).toBeGreaterThan(60);
  });

  it('creates Redis only on request, reachable from the tasks only, and refuses replicas without Redis', () => {
    const redisResources = Object.entries(resources).filter(([, r]: [string, Json]) => r['Condition'] === 'CreateRedis').map(([name]) => name);
    expect(redisResources.sort()).toEqual(['Redis', 'RedisFromTasks', 'RedisSecurityGroup', 'RedisSubnetGroup', 'RedisUrlSecret', 'TasksToRedis']);
    expect(resources['Redis']['Properties']).toMatchObject({ TransitEncryptionEnabled: true, AtRestEncryptionEnabled: true });
    // TLS: the URL is rediss://, which ioredis answers with a TLS connection.
    expect(resources['RedisUrlSecret']['Properties']['SecretString']['Fn::Sub']).toMatch(/^rediss:\/\//);
    expect(resources['RedisFromTasks']['Properties']).toMatchObject({ FromPort: 6379, ToPort: 6379, SourceSecurityGroupId: { Ref: 'TaskSecurityGroup' } });
    expect(template['Rules']['ReplicasShareRedis']['RuleCondition']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'DesiredCount' }, '1'] }] });
  });
});

describe('cfn-lint (the CloudFormation resource specification)', () => {
  const cfnLintMissing = skipEachTestWithout(CFN_LINT);
  /** The template, and a copy with a property its resource type lacks and an attribute it does not return. */
  let findings: Record<'template' | 'broken', string[]>;
  let exitCode: number;

  beforeAll(async () => {
    if (cfnLintMissing) return;
    const broken = structuredClone(template);
    const brokenContainer = broken['Resources']['TaskDefinition']['Properties']['ContainerDefinitions'][0];
    brokenContainer['ReadOnlyRootFilesystem'] = brokenContainer['ReadonlyRootFilesystem'];
    delete brokenContainer['ReadonlyRootFilesystem'];
    broken['Outputs']['LoadBalancerDnsName']['Value'] = { 'Fn::GetAtt': ['LoadBalancer', 'DnsName'] };
    const brokenFile = join(mkdtempSync(join(tmpdir(), 'tinkr-cfn-')), 'broken.json');
    writeFileSync(brokenFile, JSON.stringify(broken, null, 2));
    const templateFile = join(ECS, 'cloudformation.json');
    // One run for both files: cfn-lint takes seconds to load the resource specification.
    let stdout: string;
    try {
      ({ stdout } = await run('cfn-lint', ['--format', 'json', '--include-checks', 'I', '--', templateFile, brokenFile], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }));
      exitCode = 0;
    } catch (error) {
      const failure = error as { code?: number; stdout?: string };
      if (typeof failure.code !== 'number') throw error;
      ({ code: exitCode, stdout = '' } = failure as { code: number; stdout?: string });
    }
    const all = JSON.parse(stdout || '[]') as Json[];
    const of = (file: string): string[] => all.filter((f) => f['Filename'] === file).map((f) => `${f['Rule']['Id']} ${f['Message']}`);
    findings = { template: of(templateFile), broken: of(brokenFile) };
  }, 150_000);

  it('finds no error, warning or informational finding in the template', () => {
    expect(findings.template).toEqual([]);
  });

  it('does fail on a property the resource type does not have and an attribute it does not return', () => {
    expect(exitCode).not.toBe(0);
    expect(findings.broken.join('\n')).toMatch(/ReadOnlyRootFilesystem/);
    expect(findings.broken.join('\n')).toMatch(/DnsName/);
  });
});

// ---- The task definition through the AWS CLI's own parameter validation (botocore's API model).

/** Dummy credentials and one attempt only: nothing of the developer's AWS setup may leak in. */
function cliEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'eu-west-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_ECS', 'AWS_CA_BUNDLE']) delete env[name];
  return env;
}

async function registerTaskDefinition(document: Json): Promise<{ exitCode: number; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'tinkr-taskdef-')), 'task-definition.json');
  writeFileSync(file, JSON.stringify(document, null, 2));
  const endpoint = `http://127.0.0.1:${await freeLoopbackPort()}`;
  try {
    await run('aws', ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`, '--endpoint-url', endpoint, '--region', 'eu-west-1', '--cli-connect-timeout', '5'], { env: cliEnvironment(), timeout: 60_000 });
    return { exitCode: 0, stderr: '' };
  } catch (error) {
    const failure = error as { code?: number; stderr?: string };
    if (typeof failure.code !== 'number') throw error;
    return { exitCode: failure.code, stderr: failure.stderr ?? '' };
  }
}

describe('aws ecs register-task-definition --cli-input-json, against an unreachable endpoint', () => {
  skipEachTestWithout(AWS_CLI);

  it('passes the parameter validation and fails only on the connection', async () => {
    const { exitCode, stderr } = await registerTaskDefinition(taskDefinition);
    expect(stderr).not.toMatch(/Parameter validation failed|Unknown parameter|Invalid type|Missing required/);
    expect(stderr).toMatch(/Could not connect to the endpoint URL: "http:\/\/127\.0\.0\.1:\d+\/"/);
    expect(exitCode).not.toBe(0);
  }, 70_000);

  it('fails on the validation, before connecting, when a field is misspelt or mistyped', async () => {
    const misspelt = structuredClone(taskDefinition);
    misspelt['containerDefinitions'][0]['readOnlyRootFilesystem'] = true; // the API's name is readonlyRootFilesystem
    const mistyped = structuredClone(taskDefinition);
    mistyped['cpu'] = 512; // a string in the API
    mistyped['containerDefinitions'][0]['healthCheck']['interval'] = '15';
    const unnamed = structuredClone(taskDefinition);
    delete unnamed['containerDefinitions'][0]['name'];
    unnamed['containerDefinitions'][0]['secrets'].push({ name: 'JWT_AUDIENCE' });

    const [first, second, third] = await Promise.all([misspelt, mistyped, unnamed].map(registerTaskDefinition)) as [Awaited<ReturnType<typeof registerTaskDefinition>>, Awaited<ReturnType<typeof registerTaskDefinition>>, Awaited<ReturnType<typeof registerTaskDefinition>>];
    expect(first.stderr).toMatch(/Parameter validation failed:\s+Unknown parameter in containerDefinitions\[0\]: "readOnlyRootFilesystem"/);
    expect(second.stderr).toMatch(/Invalid type for parameter cpu, value: 512/);
    expect(second.stderr).toMatch(/Invalid type for parameter containerDefinitions\[0\]\.healthCheck\.interval/);
    expect(third.stderr).toMatch(/Missing required parameter in containerDefinitions\[0\]\.secrets\[2\]: "valueFrom"/);
    for (const { exitCode, stderr } of [first, second, third]) {
      expect(stderr).not.toMatch(/Could not connect/);
      expect(exitCode).not.toBe(0);
    }
  }, 200_000);
});

// ---- IAM: least privilege.

describe('the IAM policies', () => {
  it('give the task role exactly the seed policy of docs/configuration.md plus logs:StopQuery', () => {
    const documentedPolicy = /needs exactly this policy:\s+```json\n([\s\S]*?)\n```/.exec(CONFIGURATION_DOC);
    expect(documentedPolicy, 'docs/configuration.md shows the seed policy').not.toBeNull();
    expect(actionsOf(JSON.parse(documentedPolicy![1]!) as Json).sort()).toEqual([...SEED_ACTIONS].sort());
    expect(actionsOf(taskRolePolicy).sort()).toEqual([...SEED_ACTIONS, ...OPTIONAL_ACTIONS].sort());
    expect(new Set(actionsOf(taskRolePolicy)).size).toBe(actionsOf(taskRolePolicy).length);
  });

  it('allow only, with no wildcard action, and narrow the log-group actions to this account', () => {
    for (const policy of [taskRolePolicy, executionRolePolicy, taskRoleTrust, executionRoleTrust]) {
      expect(policy['Version']).toBe('2012-10-17');
      for (const statement of statements(policy)) {
        expect(statement['Effect']).toBe('Allow');
        expect(Object.keys(statement).filter((k) => k.startsWith('Not'))).toEqual([]);
        for (const action of [statement['Action']].flat() as string[]) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      }
    }
    const onLogGroups = statements(taskRolePolicy).find((s) => [s['Action']].flat().includes('logs:StartQuery'))!;
    expect([onLogGroups['Action']].flat().sort()).toEqual(['logs:DescribeLogGroups', 'logs:FilterLogEvents', 'logs:StartQuery']);
    expect(resourcesOf(onLogGroups)).toEqual(['arn:${AWS::Partition}:logs:*:${AWS::AccountId}:log-group:*']);
    // `*` only for the actions that have no resource-level permissions at all.
    const onEverything = statements(taskRolePolicy).filter((s) => resourcesOf(s).includes('*')).flatMap((s) => [s['Action']].flat());
    expect(onEverything.sort()).toEqual(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'logs:GetQueryResults', 'logs:StopQuery', 'xray:BatchGetTraces', 'xray:GetTraceSummaries']);
  });

  it('let the execution role pull one repository, write one log group and read exactly the task definition\'s secrets', () => {
    expect(actionsOf(executionRolePolicy).sort()).toEqual([
      'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetAuthorizationToken', 'ecr:GetDownloadUrlForLayer',
      'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue',
    ]);
    const byAction = (action: string): string[] => resourcesOf(statements(executionRolePolicy).find((s) => [s['Action']].flat().includes(action))!);
    expect(byAction('ecr:GetAuthorizationToken')).toEqual(['*']);
    expect(byAction('ecr:BatchGetImage')).toEqual(['arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${ImageRepository}']);
    expect(container['image']).toContain('/${ImageRepository}:');
    expect(byAction('logs:PutLogEvents')).toEqual([`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${container['logConfiguration']['options']['awslogs-group']}:log-stream:*`]);
    expect(byAction('secretsmanager:GetSecretValue').sort()).toEqual((container['secrets'] as Json[]).map((s) => s['valueFrom']).sort());
  });

  it('are assumed by ECS tasks only; the task role only by tasks of this account', () => {
    for (const trust of [taskRoleTrust, executionRoleTrust]) {
      expect(statements(trust).map((s) => [s['Principal'], s['Action']])).toEqual([[{ Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole']]);
    }
    expect(statements(taskRoleTrust)[0]!['Condition']).toEqual({
      StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' },
      ArnLike: { 'aws:SourceArn': 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*' },
    });
    expect(taskDefinition['taskRoleArn']).not.toBe(taskDefinition['executionRoleArn']);
  });
});

// ---- The task definition: secrets, environment, hardening, size.

/** The page that walks an operator through the deployment. */
function deploySection(): string {
  expect(DEPLOY_DOC.startsWith('# Deploying on AWS (ECS Fargate)\n'), 'docs/deploy-ecs.md is the deployment walkthrough').toBe(true);
  return DEPLOY_DOC;
}

describe('the task definition', () => {
  it('takes from Secrets Manager exactly the secrets docs/deploy-ecs.md tells the operator to create', () => {
    const section = deploySection();
    const table = [...section.matchAll(/^\| `([a-z0-9/_-]+)` \| `([A-Z0-9_]+)` \| `([A-Za-z0-9]+)` \|/gm)].map(([, secret, variable, parameter]) => ({ secret, variable, parameter }));
    expect(table.length).toBeGreaterThan(0);
    // Each secret the task definition names is a row of the page's table, fed through that row's stack parameter.
    expect((container['secrets'] as Json[]).map((s) => ({ variable: s['name'], valueFrom: s['valueFrom'] }))).toEqual(
      table.map((row) => ({ variable: row.variable, valueFrom: `\${${row.parameter}}` })),
    );
    for (const row of table) expect(template['Parameters'][row.parameter!], row.parameter).toBeDefined();
    // ...and the page's commands create exactly those secrets.
    const created = [...section.replace(/\\\n\s*/g, ' ').matchAll(/secretsmanager create-secret [^\n]*?--name (\S+)/g)].map((m) => m[1]);
    expect(created.sort()).toEqual(table.map((row) => row.secret).sort());
    // Nothing secret in plain environment.
    const environment = (container['environment'] as Json[]).map((e) => e['name'] as string);
    expect(environment.filter((name) => /TOKEN|SECRET|PASSWORD|REDIS|JWT|KEY/.test(name))).toEqual([]);
  });

  it('sets only variables the gateway (or Node) reads, and the sample tinkr.toml loads with them', () => {
    const loadConfigSource = read('src/config/load-config.ts');
    // env.NAME, env['NAME'] and overlay('key', 'NAME') (a variable that overlays a profile key).
    const readByGateway = new Set(
      [...loadConfigSource.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[\s*'([A-Z][A-Z0-9_]*)'\s*\])|\boverlay\('[a-z_]+', '([A-Z][A-Z0-9_]*)'\)/g)].map((m) => m[1] ?? m[2] ?? m[3]),
    );
    const readByNode = new Set(['NODE_OPTIONS']);
    const names = [...(container['environment'] as Json[]), ...(container['secrets'] as Json[])].map((e) => e['name'] as string);
    expect(names.filter((name) => !readByGateway.has(name) && !readByNode.has(name))).toEqual([]);

    const stackValue = (text: string): string =>
      text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
        if (name === 'AWS::Region') return 'eu-west-1';
        const fallback = template['Parameters'][name]?.['Default'];
        if (fallback === undefined) throw new Error(`no value for \${${name}}`);
        return String(fallback);
      });
    const hash = createHash('sha256').update('dashboard-token').digest('hex');
    const env: Record<string, string> = Object.fromEntries((container['environment'] as Json[]).map((e) => [e['name'], stackValue(e['value'])]));
    expect(env['TINKR_CONFIG']).toBe('/etc/tinkr/tinkr.toml');
    env['TINKR_CONFIG'] = join(ECS, 'tinkr.toml'); // where config.Dockerfile takes it from
    env['TINKR_TOKEN_SHA256'] = hash;
    env['REDIS_URL'] = 'rediss://master.tinkr.abc123.euw1.cache.amazonaws.com:6379';
    const config = loadConfig({ env, cwd: ROOT });
    expect(config.defaultProfile).toBe('aws-prod');
    expect(config.profiles.find((p) => p.name === 'aws-prod')).toMatchObject({ backend: 'cloudwatch', region: 'eu-west-1', log_group_prefix: '/ecs/' });
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 4000, auth: 'token', token_sha256: [hash], redis_url: env['REDIS_URL'], request_timeout: 60_000 });
  });

  it('runs hardened: read-only root, the image\'s non-root user, no capabilities, no privileged mode', () => {
    expect(container['readonlyRootFilesystem']).toBe(true);
    expect(container['user']).toBe('1000:1000'); // `node` in the official node images
    expect(container['privileged']).toBeUndefined();
    expect(container['linuxParameters']['capabilities']).toEqual({ drop: ['ALL'] });
    const dockerfile = read('Dockerfile');
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(finalStage).toMatch(/^\nFROM node:24-/);
    expect(finalStage).toMatch(/\nUSER node\n/);
    expect(finalStage).toMatch(/find \/ -xdev -perm \/6000 -type f -exec chmod a-s \{\} \+/);
    // The config path is the same in the image, the config layer and the task definition.
    expect(finalStage).toMatch(/TINKR_CONFIG=\/etc\/tinkr\/tinkr\.toml/);
    expect(readFileSync(join(ECS, 'config.Dockerfile'), 'utf8')).toMatch(/\nCOPY [^\n]* tinkr\.toml \/etc\/tinkr\/tinkr\.toml\n/);
    expect(finalStage).toMatch(new RegExp(`\\nEXPOSE ${container['portMappings'][0]['containerPort']}\\n`));
  });

  it('checks /health and sends its logs to CloudWatch Logs', () => {
    expect(container['healthCheck']['command'][0]).toBe('CMD');
    expect(container['healthCheck']['command'].join(' ')).toMatch(/'\/health'/);
    expect(container['logConfiguration']).toMatchObject({ logDriver: 'awslogs', options: { 'awslogs-group': '${LogGroup}', 'awslogs-region': '${AWS::Region}', mode: 'non-blocking' } });
    expect(resources['LogGroup']['Type']).toBe('AWS::Logs::LogGroup');
    const env = Object.fromEntries((container['environment'] as Json[]).map((e) => [e['name'], e['value']]));
    expect(env['PORT']).toBe(String(container['portMappings'][0]['containerPort']));
  });

  it('is a valid Fargate size with room for the RSS and heap the benchmark measured', () => {
    const cpu = Number(taskDefinition['cpu']);
    const memory = Number(taskDefinition['memory']);
    const fargateMemory: Record<number, number[]> = { 256: [512, 1024, 2048], 512: [1024, 2048, 3072, 4096], 1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192] };
    expect(fargateMemory[cpu], `cpu ${cpu}`).toContain(memory);
    const bench = read('test/bench/results.md');
    const rss = /RSS of the gateway process[^|]*\| (\d+) MiB \/ (\d+) MiB; heap (\d+) MiB/.exec(bench);
    expect(rss, 'test/bench/results.md reports the RSS').not.toBeNull();
    const [peakRss, heapUsed] = [Number(rss![2]), Number(rss![3])];
    const heapCap = Number(/--max-old-space-size=(\d+)/.exec((container['environment'] as Json[]).find((e) => e['name'] === 'NODE_OPTIONS')!['value'])![1]);
    // Re-size the task (and docs/deploy-ecs.md's figures) when the benchmark outgrows these margins.
    expect(memory, `memory ${memory} MiB vs measured peak RSS ${peakRss} MiB`).toBeGreaterThanOrEqual(1.5 * peakRss);
    expect(heapCap, `heap cap ${heapCap} MiB vs measured heap ${heapUsed} MiB`).toBeGreaterThanOrEqual(2 * heapUsed);
    expect(heapCap).toBeLessThanOrEqual(memory - 256);
  });
});
