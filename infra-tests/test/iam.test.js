// Who may do what in AWS, read from the policy documents of the Terraform: the CI role pushes
// images and nothing else, the operator may presign reads of sources and uploads of ZIPs only, the
// api-gateway stays under videos/, and the extractor has no AWS identity at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRepository } from '../lib/repository.js';
import { asList } from '../lib/terraform.js';

const { roots } = await loadRepository();
const prod = roots['environments/prod'];
const shared = roots['environments/shared'];

const policyDocument = (blocks, address) => {
  const doc = blocks.find((b) => b.address === address);
  assert.ok(doc, `${address} exists`);
  return asList(doc.body.statement);
};

const allows = (statements) =>
  statements
    .filter((s) => (s.effect ?? 'Allow') === 'Allow')
    .flatMap((s) => asList(s.actions).map((action) => ({ action, resources: asList(s.resources) })));

test('the CI role may log in to ECR and push to the Frameflow repositories, nothing else', () => {
  const statements = policyDocument(shared, 'module.github_ci.data.aws_iam_policy_document.ecr_push');
  const granted = allows(statements);
  assert.ok(granted.every((g) => g.action.startsWith('ecr:')), JSON.stringify(granted));
  assert.ok(granted.some((g) => g.action === 'ecr:PutImage'));
  for (const g of granted) {
    if (g.action === 'ecr:GetAuthorizationToken') {
      assert.deepEqual(g.resources, ['*']);
    } else {
      assert.deepEqual(g.resources, ['${module.ecr.repository_arns}'], g.action);
    }
  }
  assert.ok(!granted.some((g) => /Delete|SetRepositoryPolicy|\*$/.test(g.action)), 'no deletes, no policy changes');
});

test('only main and release tags of the repository may assume the CI role', () => {
  const [trust] = policyDocument(shared, 'module.github_ci.data.aws_iam_policy_document.trust');
  const sub = asList(trust.condition).find((c) => c.variable === 'token.actions.githubusercontent.com:sub');
  assert.deepEqual(sub.values, [
    'repo:${var.github_repository}:ref:refs/heads/main',
    'repo:${var.github_repository}:ref:refs/tags/v*',
  ]);
});

test('the operator presigns reads of source videos and uploads of frames.zip for its Jobs, only', () => {
  const granted = allows(policyDocument(prod, 'module.frameflow.module.pod_roles.data.aws_iam_policy_document.operator'));
  const s3 = granted.filter((g) => g.action.startsWith('s3:'));
  assert.deepEqual(
    s3.map((g) => [g.action, g.resources]),
    [
      ['s3:GetObject', ['${var.upload_bucket_arn}/videos/*/source']],
      ['s3:PutObject', ['${var.result_bucket_arn}/videos/*/frames.zip']],
      ['s3:AbortMultipartUpload', ['${var.result_bucket_arn}/videos/*/frames.zip']],
      ['s3:ListMultipartUploadParts', ['${var.result_bucket_arn}/videos/*/frames.zip']],
    ],
  );
  const other = granted.filter((g) => !g.action.startsWith('s3:')).map((g) => g.action);
  assert.deepEqual(other, ['kms:Decrypt', 'kms:GenerateDataKey']);
});

test("the api-gateway works under videos/ of both buckets and cannot write other objects", () => {
  const granted = allows(policyDocument(prod, 'module.frameflow.module.pod_roles.data.aws_iam_policy_document.api_gateway'));
  for (const g of granted.filter((x) => /^s3:(Put|Get|Delete|Abort|ListMultipart)/.test(x.action))) {
    assert.ok(g.resources.every((r) => r.endsWith('/videos/*')), `${g.action} on ${g.resources}`);
  }
  const results = granted.filter((g) => g.resources.some((r) => r.startsWith('${var.result_bucket_arn}/')));
  assert.deepEqual(results.map((g) => g.action).sort(), ['s3:DeleteObject', 's3:GetObject']);
});

test('each pod role trusts exactly its ServiceAccount in the frameflow namespace; the extractor has none', () => {
  const trusts = prod.filter((b) => b.address === 'module.frameflow.module.pod_roles.data.aws_iam_policy_document.trust');
  assert.equal(trusts.length, 1);
  const [statement] = asList(trusts[0].body.statement);
  const sub = asList(statement.condition).find((c) => c.variable === '${var.oidc_provider}:sub');
  assert.deepEqual(sub.values, ['system:serviceaccount:${var.namespace}:${each.value}']);

  const podRoles = prod.find((b) => b.address === 'module.frameflow.module.pod_roles');
  assert.equal(podRoles.body.namespace, 'frameflow');

  const everything = JSON.stringify(Object.values(roots).flat().map((b) => b.body));
  assert.ok(everything.includes('frameflow-operator') && everything.includes('frameflow-api-gateway'));
  assert.ok(!everything.includes('frameflow-extractor'), 'no AWS role or policy mentions the extractor');
  assert.ok(
    !prod.some((b) => /pod_roles\.(data\.aws_iam_policy_document|aws_iam_role_policy)\.extractor$/.test(b.address)),
    'no extractor policy',
  );
});
