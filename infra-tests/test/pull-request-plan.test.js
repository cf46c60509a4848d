// A pull request of this repository runs whatever its author wrote with the Terraform plan role
// (issue 27, item 11): that role must read no secret value and no state that holds one. The
// role's policy is evaluated with @cloud-copilot/iam-simulate, with AWS's ReadOnlyAccess modelled
// as "every action on every resource" so that only the role's own denials can keep a secret; the
// states it may read are checked for resources that put a secret value in a state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { loadRepository } from '../lib/repository.js';
import { asList } from '../lib/terraform.js';
import { secretsInState, sensitiveRootOutputs } from '../lib/state-secrets.js';
import { policyJson } from '../conformance/lib/policies.mjs';

const { roots, modules } = await loadRepository();
const bootstrap = roots.bootstrap;

const ACCOUNT = '000000000000';
const STATE_BUCKET = `arn:aws:s3:::frameflow-terraform-state-${ACCOUNT}`;
const PLAN_ROLE = `arn:aws:iam::${ACCOUNT}:role/frameflow-terraform-plan`;
const REFERENCES = {
  'module.state_bucket.arn': STATE_BUCKET,
  'data.aws_caller_identity.current.account_id': ACCOUNT,
  'aws_kms_key.state.arn': `arn:aws:kms:eu-west-1:${ACCOUNT}:key/00000000-0000-4000-8000-000000000001`,
};

const block = (blocks, address) => {
  const found = blocks.find((b) => b.address === address);
  assert.ok(found, `${address} exists`);
  return found;
};

/** The bootstrap's locals as written (strings only), to render ${local.x}. */
const locals = modules.bootstrap.locals;

const render = (value) =>
  JSON.parse(
    JSON.stringify(value).replace(/\$\{([^}]+)\}/g, (whole, ref) => {
      if (ref in REFERENCES) return REFERENCES[ref];
      const local = ref.match(/^local\.(\w+)$/);
      if (local && typeof locals[local[1]] === 'string') return locals[local[1]];
      throw new Error(`cannot render ${whole}`);
    }),
  );

/** What the plan role may do: its own policy, and ReadOnlyAccess at its widest. */
const planPolicies = () => {
  const attached = block(bootstrap, 'aws_iam_role_policy_attachment.terraform_plan_read_only');
  assert.equal(attached.body.policy_arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'a read-only managed policy, nothing wider');
  return [
    { name: 'ReadOnlyAccess (modelled: everything)', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
    { name: 'terraform_plan_extra', policy: policyJson(render(block(bootstrap, 'data.aws_iam_policy_document.terraform_plan_extra').body)) },
  ];
};

const decide = async (action, resource) => {
  const result = await runSimulation(
    {
      identityPolicies: planPolicies(),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: { action, resource: { resource, accountId: ACCOUNT }, principal: PLAN_ROLE, contextVariables: {} },
    },
    {},
  );
  assert.deepEqual(result.errors ?? undefined, undefined, JSON.stringify(result.errors));
  return result.overallResult;
};

// the pods' entries, the broker administrator's, and RDS's own entry of the database login
const SECRETS = [
  'frameflow/prod/jwt',
  'frameflow/prod/rabbitmq-admin',
  'frameflow/dev/rabbitmq-operator',
  'frameflow/prod/smtp',
  'rds!db-00000000-0000-0000-0000-000000000000',
].map(
  (name) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`,
);

test('the plan role is assumed by pull requests of this repository only', () => {
  const [trust] = asList(block(bootstrap, 'data.aws_iam_policy_document.terraform_plan_trust').body.statement);
  const sub = asList(trust.condition).find((c) => c.variable === 'token.actions.githubusercontent.com:sub');
  assert.equal(locals.github_sub, 'token.actions.githubusercontent.com:sub');
  assert.equal(sub.test, 'StringLike');
  assert.deepEqual(sub.values, ['repo:${var.github_repository}:pull_request']);
  const [apply] = asList(block(bootstrap, 'data.aws_iam_policy_document.terraform_apply_trust').body.statement);
  const applySub = asList(apply.condition).find((c) => c.variable === 'token.actions.githubusercontent.com:sub');
  assert.equal(applySub.test, 'StringEquals');
  assert.match(applySub.values, /:environment:\$\{env\}/, 'the apply role: jobs bound to a GitHub environment only');
});

test('the plan role reads no secret value, whatever ReadOnlyAccess grants', async () => {
  for (const secret of SECRETS) {
    assert.equal(await decide('secretsmanager:GetSecretValue', secret), 'ExplicitlyDenied', secret);
  }
  assert.equal(await decide('secretsmanager:BatchGetSecretValue', '*'), 'ExplicitlyDenied');
  assert.equal(await decide('ssm:GetParameter', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/frameflow/x`), 'ExplicitlyDenied');
});

test('the plan role reads the shared state alone: not dev, not prod, no older version of any', async () => {
  assert.equal(await decide('s3:GetObject', `${STATE_BUCKET}/shared/terraform.tfstate`), 'Allowed');
  for (const key of ['dev/terraform.tfstate', 'prod/terraform.tfstate', 'bootstrap/terraform.tfstate']) {
    assert.equal(await decide('s3:GetObject', `${STATE_BUCKET}/${key}`), 'ExplicitlyDenied', key);
  }
  assert.equal(await decide('s3:GetObjectVersion', `${STATE_BUCKET}/shared/terraform.tfstate`), 'ExplicitlyDenied');
  assert.equal(await decide('s3:GetObject', 'arn:aws:s3:::frameflow-prod-uploads/videos/x/source'), 'ExplicitlyDenied', 'nor any object of a bucket');
});

test('the state a pull request plans (shared) holds no secret, and its plans are of that stack alone', async () => {
  assert.equal(locals.pull_request_state, 'shared/terraform.tfstate');
  assert.deepEqual(secretsInState(roots['environments/shared']), []);
  assert.deepEqual(sensitiveRootOutputs(modules['environments/shared']), []);
  const { readFile } = await import('node:fs/promises');
  const backend = await readFile(new URL('../../terraform/environments/shared/backend.tf', import.meta.url), 'utf8');
  assert.match(backend, /key\s*=\s*"shared\/terraform\.tfstate"/);
});

test('the JWT signing key is no Terraform value: its entry is made empty, scripts/rotate-jwt-key writes it', () => {
  for (const root of Object.keys(roots)) {
    assert.deepEqual(roots[root].filter((b) => b.type === 'tls_private_key').map((b) => b.address), [], root);
  }
  block(roots['environments/prod'], 'module.frameflow.module.secrets.aws_secretsmanager_secret.this');
  assert.match(modules['modules/secrets'].locals.descriptions, /\sjwt\s+= "Secret frameflow-jwt:/);
  assert.deepEqual(Object.keys(modules['modules/secrets'].resource), ['aws_secretsmanager_secret'], 'entries, no version');
});
