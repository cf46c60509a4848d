// The IAM conformance evaluator (conformance/iam.mjs): recorded S3 requests against the policies
// rendered from the Terraform, and the policies' grants against the requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, mkdir, rm, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readPolicyModules, podRolePolicies, bucketPolicies, policyJson, TEST_ENVIRONMENT } from '../conformance/lib/policies.mjs';
import { readRecords } from '../conformance/lib/records.mjs';
import { evaluate, formatReport } from '../conformance/lib/evaluate.mjs';
import { run, DEFAULTS, readAllowlist } from '../conformance/iam.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(HERE, 'fixtures/s3-requests');
const CLI = path.join(HERE, '../conformance/iam.mjs');
const files = await readPolicyModules();
const policies = await podRolePolicies(files);
const buckets = await bucketPolicies(files);

const ID = '3f1c2a9e-4b7d-4e21-9a0b-5c6d7e8f9a01';
const record = (fields) => ({
  principal: 'operator',
  roleArn: TEST_ENVIRONMENT.roleArn(fields.principal ?? 'operator'),
  prefix: null,
  signedBy: 'header',
  method: 'GET',
  query: null,
  status: 200,
  test: 'dev.frameflow.Example',
  ...fields,
});

async function recordsDir(records) {
  const dir = await mkdtemp(path.join(tmpdir(), 's3-requests-'));
  await writeFile(path.join(dir, 'a.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

/** The policy text without the statement of the given sid. */
function withoutStatement(text, sid) {
  const at = text.indexOf(`sid = "${sid}"`) >= 0 ? text.indexOf(`sid = "${sid}"`) : text.search(new RegExp(`sid\\s+=\\s+"${sid}"`));
  assert.ok(at > 0, `statement ${sid} in pod-roles`);
  const start = text.lastIndexOf('  statement {', at);
  const end = text.indexOf('\n  }\n', at) + '\n  }\n'.length;
  return text.slice(0, start) + text.slice(end);
}

test('the pod roles render to IAM JSON with the test ARNs, one policy per role', () => {
  assert.deepEqual(Object.keys(policies).sort(), ['api-gateway', 'operator']);
  const tails = policies['api-gateway'].document.Statement.find((s) => s.Sid === 'ResumableUploadTails');
  assert.deepEqual(tails, {
    Sid: 'ResumableUploadTails',
    Effect: 'Allow',
    Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
    Resource: ['arn:aws:s3:::frameflow-test-uploads/resumable/*/tail'],
  });
  assert.ok(!JSON.stringify(Object.values(policies).map((p) => p.document)).includes('${'), 'no Terraform reference left');
});

test('the buckets carry the TLS-only policy of modules/private-bucket', () => {
  const policy = buckets['arn:aws:s3:::frameflow-test-results'];
  assert.deepEqual(policy.Statement, [{
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Action: ['s3:*'],
    Resource: ['arn:aws:s3:::frameflow-test-results', 'arn:aws:s3:::frameflow-test-results/*'],
    Principal: '*',
    Condition: { Bool: { 'aws:SecureTransport': ['false'] } },
  }]);
});

test('policyJson renders conditions and principals the way Terraform does', () => {
  const doc = policyJson({
    statement: [{
      sid: 'L', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::b'],
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::1:role/r'] }],
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['videos/*'] }],
    }],
  });
  assert.deepEqual(doc.Statement[0], {
    Sid: 'L', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::b'],
    Principal: { AWS: ['arn:aws:iam::1:role/r'] }, Condition: { StringLike: { 's3:prefix': ['videos/*'] } },
  });
});

test('the fixture of what the code does passes: every request allowed, every grant used', async () => {
  const { records } = await readRecords(FIXTURE);
  const result = await evaluate({ records, policies, bucketPolicies: buckets });
  assert.deepEqual(result.denied, []);
  assert.deepEqual(result.unused.map((g) => `${g.principal} ${g.sid} ${g.action}`), []);
  assert.equal(result.harness, 2);
  assert.ok(result.ok);
  assert.ok(result.perPrincipal.operator.requests > 0 && result.perPrincipal['api-gateway'].requests > 0);
});

test('a dropped statement makes the recorded requests fail, naming principal, call and test', async () => {
  const text = files['modules/pod-roles/main.tf'];
  const broken = await podRolePolicies({ ...files, 'modules/pod-roles/main.tf': withoutStatement(text, 'SliceSideObjects') });
  assert.ok(!broken.operator.document.Statement.some((s) => s.Sid === 'SliceSideObjects'));
  const { records } = await readRecords(FIXTURE);
  const result = await evaluate({ records, policies: broken, bucketPolicies: buckets });
  assert.equal(result.ok, false);
  const put = result.denied.find((d) => d.action === 's3:PutObject' && d.resource.endsWith('.slices/0.part'));
  assert.ok(put, JSON.stringify(result.denied, null, 1));
  assert.equal(put.principal, 'operator');
  assert.equal(put.signedBy, 'presigned');
  assert.equal(put.method, 'PUT');
  assert.deepEqual(put.tests, ['dev.frameflow.operator.slicing.SlicedVideoJobIT']);
  const line = formatReport(result).find((l) => l.includes('DENIED operator s3:PutObject') && l.includes('.slices/0.part'));
  assert.match(line, /arn:aws:s3:::frameflow-test-results\/videos\/[0-9a-f-]{36}\/frames\.zip\.slices\/0\.part \(PUT, signedBy presigned\): ImplicitlyDenied; 1 request\(s\) by dev\.frameflow\.operator\.slicing\.SlicedVideoJobIT/);
});

test('a request outside the grants is denied; test-harness requests are not evaluated', async () => {
  const dir = await recordsDir([
    record({ principal: 'api-gateway', action: 's3:PutObject', bucket: 'uploads', key: `videos/${ID}/other`, method: 'PUT', test: 'dev.frameflow.gateway.SomeIT' }),
    record({ principal: 'api-gateway', action: 's3:PutObject', bucket: 'uploads', key: `videos/${ID}/source`, method: 'PUT' }),
    record({ principal: 'test-harness', action: 's3:DeleteObject', bucket: 'results', key: 'anything', method: 'DELETE' }),
  ]);
  try {
    const { records } = await readRecords(dir);
    const result = await evaluate({ records, policies, bucketPolicies: buckets });
    assert.equal(result.harness, 1);
    assert.deepEqual(result.perPrincipal['api-gateway'], { requests: 2, calls: 2, allowed: 1, denied: 1 });
    assert.equal(result.denied[0].resource, `arn:aws:s3:::frameflow-test-uploads/videos/${ID}/other`);
    assert.deepEqual(result.denied[0].tests, ['dev.frameflow.gateway.SomeIT']);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('identical calls on different videos are simulated once and keep every test name', async () => {
  const other = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';
  const records = [
    record({ action: 's3:DeleteObject', bucket: 'uploads', key: `videos/${ID}/source`, method: 'DELETE', test: 'A' }),
    record({ action: 's3:DeleteObject', bucket: 'uploads', key: `videos/${other}/source`, method: 'DELETE', test: 'B' }),
  ];
  const result = await evaluate({ records, policies, bucketPolicies: buckets });
  assert.equal(result.perPrincipal.operator.calls, 1);
  assert.equal(result.denied.length, 1, 'the sources are never deleted by the operator (the gateway owns them)');
  assert.deepEqual(result.denied[0].tests, ['A', 'B']);
  assert.equal(result.denied[0].requests, 2);
});

test('a read answered 404 needs s3:ListBucket on the bucket, without a prefix', async () => {
  const missing = record({ action: 's3:GetObject', bucket: 'uploads', key: `videos/${ID}/source`, status: 404, test: 'dev.frameflow.operator.ProbeIT' });
  const result = await evaluate({ records: [missing], policies, bucketPolicies: buckets });
  const implied = result.denied.find((d) => d.implied);
  assert.ok(implied, 'the operator may not list the uploads bucket: S3 would answer 403');
  assert.equal(implied.action, 's3:ListBucket');
  assert.equal(implied.resource, 'arn:aws:s3:::frameflow-test-uploads');
  assert.match(formatReport(result).join('\n'), /answered 404; without ListBucket S3 answers 403, not 404/);

  const onResults = record({ action: 's3:GetObject', bucket: 'results', key: `videos/${ID}/frames.zip.slices/1.part`, status: 404 });
  const fine = await evaluate({ records: [onResults], policies, bucketPolicies: buckets });
  assert.deepEqual(fine.denied, []);
  assert.ok(fine.grants.find((g) => g.principal === 'operator' && g.sid === 'MissingKeysAnswer404').requests === 1);
});

test('a listing is evaluated with its prefix as s3:prefix', async () => {
  const listing = {
    name: 'lister',
    document: policyJson({ statement: [{ sid: 'ListVideos', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::frameflow-test-results'], condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['videos/*'] }] }] }),
    statements: [{ sid: 'ListVideos', effect: 'Allow', actions: ['s3:ListBucket'], terraformResources: ['${var.result_bucket_arn}'], resources: ['arn:aws:s3:::frameflow-test-results'], conditions: 1 }],
  };
  const list = (prefix) => record({ principal: 'lister', action: 's3:ListBucket', bucket: 'results', key: null, prefix, query: `list-type=2&prefix=${prefix}` });
  const result = await evaluate({ records: [list(`videos/${ID}/`), list('resumable/')], policies: { lister: listing }, bucketPolicies: buckets });
  assert.deepEqual(result.denied.map((d) => d.prefix), ['resumable/']);
});

test('unused grants fail unless listed with a reason; a listed grant must exist', async () => {
  const records = [record({ action: 's3:GetObject', bucket: 'uploads', key: `videos/${ID}/source`, signedBy: 'presigned' })];
  const result = await evaluate({ records, policies: { operator: policies.operator }, bucketPolicies: buckets });
  assert.equal(result.ok, false);
  const unused = result.unused.map((g) => `${g.sid} ${g.action} ${g.resource}`);
  assert.ok(unused.includes('SliceSideObjects s3:PutObject ${var.result_bucket_arn}/videos/*/frames.zip.slices/*'), unused.join('\n'));
  assert.ok(unused.includes('UseStorageKey kms:GenerateDataKey ${var.storage_kms_key_arn}'), 'no PutObject: no data key');
  assert.ok(!unused.includes('UseStorageKey kms:Decrypt ${var.storage_kms_key_arn}'), 'a GetObject decrypts');

  const allowlist = result.unused.map((g) => ({ principal: g.principal, sid: g.sid, action: g.action, resource: g.resource, reason: 'test' }));
  const accepted = await evaluate({ records, policies: { operator: policies.operator }, bucketPolicies: buckets, allowlist });
  assert.ok(accepted.ok, JSON.stringify(accepted.allowlistProblems));

  const bad = await evaluate({
    records, policies: { operator: policies.operator }, bucketPolicies: buckets,
    allowlist: [...allowlist, { principal: 'operator', sid: 'Nope', action: 's3:GetObject', resource: 'x', reason: 'r' }, { principal: 'operator' }],
  });
  assert.equal(bad.ok, false);
  assert.equal(bad.allowlistProblems.length, 2);
});

test('frames on demand: the presigned source GET the gateway hands the frame-server is within its grants', async () => {
  // The frame-server has no role: it reads through a URL the api-gateway presigned, so S3
  // authorizes the read as the gateway's (StoreSourceVideos: s3:GetObject on videos/*/source).
  const render = record({
    principal: 'api-gateway', action: 's3:GetObject', bucket: 'uploads', key: `videos/${ID}/source`,
    signedBy: 'presigned', status: 206, test: 'dev.frameflow.gateway.frames.FrameRender',
  });
  const result = await evaluate({ records: [render], policies, bucketPolicies: buckets });
  assert.deepEqual(result.denied, []);
  assert.equal(result.perPrincipal['api-gateway'].allowed, 1);

  const text = files['modules/pod-roles/main.tf'];
  const broken = await podRolePolicies({ ...files, 'modules/pod-roles/main.tf': withoutStatement(text, 'StoreSourceVideos') });
  const refused = await evaluate({ records: [render], policies: broken, bucketPolicies: buckets });
  assert.deepEqual(refused.denied.map((d) => `${d.principal} ${d.action} ${d.resource}`), [
    `api-gateway s3:GetObject arn:aws:s3:::frameflow-test-uploads/videos/${ID}/source`,
  ]);
  // and the gateway may presign nothing else for it: not a result, not another key of the bucket
  const elsewhere = await evaluate({
    records: [
      { ...render, key: `videos/${ID}/other` },
      { ...render, bucket: 'results', key: `videos/${ID}/frames.zip.slices/0.part` },
    ],
    policies, bucketPolicies: buckets,
  });
  assert.equal(elsewhere.denied.length, 2);
  assert.ok(!Object.keys(policies).includes('frame-server'), 'the frame-server has no role of its own');
});

test('a principal without a role fails', async () => {
  const result = await evaluate({ records: [record({ principal: 'extractor', action: 's3:GetObject', bucket: 'uploads', key: 'k' })], policies, bucketPolicies: buckets });
  assert.deepEqual(result.unknownPrincipals, [{ principal: 'extractor', tests: ['dev.frameflow.Example'] }]);
  assert.equal(result.ok, false);
});

test('the checked-in list of accepted unused grants names existing grants', async () => {
  const allowlist = await readAllowlist(DEFAULTS.unusedGrants);
  const { records } = await readRecords(FIXTURE);
  const result = await evaluate({ records, policies, bucketPolicies: buckets, allowlist });
  assert.deepEqual(result.allowlistProblems, []);
});

test('the command line: 0 when conformant, 1 on a denied request, 2 without records', async () => {
  const exec = promisify(execFile);
  const ok = await exec(process.execPath, [CLI, '--records', FIXTURE]);
  assert.match(ok.stdout, /IAM conformance: ok/);
  assert.match(ok.stdout, /operator +\d+ requests/);

  const dir = await recordsDir([record({ action: 's3:DeleteObject', bucket: 'uploads', key: `videos/${ID}/source`, method: 'DELETE', test: 'dev.frameflow.operator.BadIT' })]);
  try {
    await assert.rejects(exec(process.execPath, [CLI, '--records', dir]), (e) => {
      assert.equal(e.code, 1);
      assert.match(e.stdout, /DENIED operator s3:DeleteObject arn:aws:s3:::frameflow-test-uploads\/videos\/.*\/source \(DELETE, signedBy header\).*dev\.frameflow\.operator\.BadIT/);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true });
  }
  await assert.rejects(exec(process.execPath, [CLI, '--records', path.join(tmpdir(), 'no-such-records-dir')]), (e) => e.code === 2);
});

test('run() reads a Terraform tree given on the command line', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'terraform-'));
  try {
    for (const m of ['pod-roles', 'private-bucket', 'storage']) {
      await mkdir(path.join(dir, 'modules', m), { recursive: true });
      await cp(path.join(DEFAULTS.terraform, 'modules', m), path.join(dir, 'modules', m), { recursive: true });
    }
    const main = path.join(dir, 'modules/pod-roles/main.tf');
    await writeFile(main, withoutStatement(files['modules/pod-roles/main.tf'], 'ResumableUploadTails'));
    const { result, exitCode } = await run({ ...DEFAULTS, records: FIXTURE, terraform: dir });
    assert.equal(exitCode, 1);
    assert.ok(result.denied.some((d) => d.principal === 'api-gateway' && d.resource.includes('/resumable/') && d.tests.includes('dev.frameflow.gateway.resumable.ResumableUploadIT')));
  } finally {
    await rm(dir, { recursive: true });
  }
});
