// The security policy holds for every root module of terraform/ (bootstrap, shared, dev, prod),
// walked through all local modules with the values each environment passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRepository } from '../lib/repository.js';
import { checkAll } from '../lib/policy.js';

const { roots } = await loadRepository();

const count = (blocks, type) => blocks.filter((b) => b.type === type).length;

test('the repository has the roots the delivery path describes', () => {
  assert.deepEqual(Object.keys(roots).sort(), [
    'bootstrap',
    'environments/dev',
    'environments/prod',
    'environments/shared',
  ]);
});

for (const [root, blocks] of Object.entries(roots)) {
  test(`${root}: no policy violation`, () => {
    const violations = checkAll(blocks);
    assert.deepEqual(violations, [], violations.map((v) => `${v.rule} ${v.address}: ${v.message}`).join('\n'));
  });
}

// The rules above would pass on an empty configuration: make sure they had something to check.
for (const env of ['environments/dev', 'environments/prod']) {
  test(`${env} holds what the policy is about`, () => {
    const blocks = roots[env];
    assert.equal(count(blocks, 'aws_s3_bucket'), 1, 'one for_each bucket resource (uploads, results)');
    assert.equal(count(blocks, 'aws_s3_bucket_public_access_block'), 1);
    assert.equal(count(blocks, 'terraform-aws-modules/rds/aws'), 1);
    assert.equal(count(blocks, 'aws_mq_broker'), 1);
    assert.equal(count(blocks, 'terraform-aws-modules/eks/aws'), 1);
    assert.equal(count(blocks, 'aws_vpc_security_group_ingress_rule'), 5, 'ALB 443, database, broker, S3 and STS endpoints');
    assert.equal(count(blocks, 'helm_release'), 4);
  });
}

test('environments/shared holds the ECR repositories of the three images', () => {
  const [repo] = roots['environments/shared'].filter((b) => b.type === 'aws_ecr_repository');
  assert.equal(repo.body.for_each, '${toset(var.repositories)}');
  const ecr = roots['environments/shared'].find((b) => b.address === 'module.ecr');
  assert.deepEqual(ecr.body.repositories, [
    'frameflow/api-gateway',
    'frameflow/operator',
    'frameflow/frame-extractor',
  ]);
});

test('prod resolves Multi-AZ through the platform and database modules; dev does not ask for it', () => {
  const rds = (env) => roots[env].find((b) => b.type === 'terraform-aws-modules/rds/aws');
  assert.equal(rds('environments/prod').body.multi_az, true);
  assert.equal(rds('environments/dev').body.multi_az, false);
  assert.equal(rds('environments/prod').address, 'module.frameflow.module.database.module.rds');
});

test('the only ingress from anywhere is HTTPS on the load balancer', () => {
  const open = Object.values(roots)
    .flat()
    .filter((b) => b.type === 'aws_vpc_security_group_ingress_rule' && b.body.cidr_ipv4 === '0.0.0.0/0');
  assert.deepEqual(
    open.map((b) => [b.address, b.body.from_port, b.body.to_port, b.body.security_group_id]),
    ['dev', 'prod'].map(() => [
      'module.frameflow.module.cluster.aws_vpc_security_group_ingress_rule.alb_https',
      443,
      443,
      '${aws_security_group.alb.id}',
    ]),
  );
});

test('the Terraform state bucket keeps versions and is hardened like every other bucket', () => {
  const blocks = roots.bootstrap;
  const call = blocks.find((b) => b.address === 'module.state_bucket');
  assert.equal(call.type, 'modules/private-bucket');
  assert.equal(call.body.versioning, true);
  const versioning = blocks.find((b) => b.address === 'module.state_bucket.aws_s3_bucket_versioning.this');
  // the model does not evaluate conditionals: the resource exists when the call passes true
  assert.equal(versioning.body.count, '${var.versioning ? 1 : 0}');
});
