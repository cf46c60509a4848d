// Who may do what in AWS, read from the policy documents of the Terraform: the CI role pushes
// images and nothing else, the operator and the api-gateway hold the S3 grants their code uses
// (conformance/iam.mjs checks them against the requests the test suite recorded), and the
// extractor has no AWS identity at all.
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

// Each statement as [sid, actions, resources, conditions]: the exact grants, so that a widening
// (a wildcard, another prefix, another action) shows up in review as a change here.
const grants = (address) =>
  policyDocument(prod, address).map((s) => [s.sid, asList(s.actions), asList(s.resources), asList(s.condition).length]);

test('the operator signs the Jobs\' source reads, the ZIP uploads and the slices\' side objects, only', () => {
  assert.deepEqual(grants('module.frameflow.module.pod_roles.data.aws_iam_policy_document.operator'), [
    ['PresignSourceReads', ['s3:GetObject'], ['${var.upload_bucket_arn}/videos/*/source'], 0],
    ['WriteFrameArchives', ['s3:PutObject', 's3:AbortMultipartUpload'], ['${var.result_bucket_arn}/videos/*/frames.zip'], 0],
    ['SizeFinishedArchives', ['s3:GetObject'], ['${var.result_bucket_arn}/videos/*/frames.zip'], 0],
    ['SliceSideObjects', ['s3:PutObject', 's3:GetObject'], ['${var.result_bucket_arn}/videos/*/frames.zip.slices/*'], 0],
    ['DeleteSideObjectsAndCancelledArchives', ['s3:DeleteObject'], ['${var.result_bucket_arn}/videos/*/frames.zip.slices/*', '${var.result_bucket_arn}/videos/*/frames.zip'], 0],
    ['MissingKeysAnswer404', ['s3:ListBucket'], ['${module.storage.result_bucket_arn}'], 0],
    ['UseStorageKey', ['kms:Decrypt', 'kms:GenerateDataKey'], ['${module.storage.kms_key_arn}'], 0],
  ]);
  const all = policyDocument(prod, 'module.frameflow.module.pod_roles.data.aws_iam_policy_document.operator');
  assert.ok(all.every((s) => (s.effect ?? 'Allow') === 'Allow'));
  assert.ok(!JSON.stringify(all).includes('upload_bucket_arn}/videos/*"'), 'no whole-prefix grant in the uploads bucket');
});

test('the api-gateway writes sources and tus tails, reads and deletes ZIPs, and lists nothing in the results', () => {
  assert.deepEqual(grants('module.frameflow.module.pod_roles.data.aws_iam_policy_document.api_gateway'), [
    ['StoreSourceVideos', ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:DeleteObject'], ['${var.upload_bucket_arn}/videos/*/source'], 0],
    ['ResumableUploadTails', ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], ['${var.upload_bucket_arn}/resumable/*/tail'], 0],
    ['ReadAndDeleteFrameArchives', ['s3:GetObject', 's3:DeleteObject'], ['${var.result_bucket_arn}/videos/*/frames.zip'], 0],
    ['MissingKeysAnswer404', ['s3:ListBucket'], ['${module.storage.upload_bucket_arn}'], 0],
    ['UseStorageKey', ['kms:Decrypt', 'kms:GenerateDataKey'], ['${module.storage.kms_key_arn}'], 0],
  ]);
  const results = allows(policyDocument(prod, 'module.frameflow.module.pod_roles.data.aws_iam_policy_document.api_gateway'))
    .filter((g) => g.resources.some((r) => r.startsWith('${var.result_bucket_arn}')));
  assert.deepEqual(results.map((g) => g.action).sort(), ['s3:DeleteObject', 's3:GetObject'], 'no writes in the results bucket');
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
