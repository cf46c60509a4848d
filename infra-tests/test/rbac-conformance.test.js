// infra-tests/conformance/rbac.mjs on synthetic roles and records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { objects, operatorRules, operatorServiceAccount, grants, evaluate, key } from '../conformance/rbac.mjs';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../conformance/rbac.mjs');
const REPO = path.resolve(path.dirname(SCRIPT), '../..');

const ROLES = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: x-operator}
spec: {template: {spec: {serviceAccountName: x-operator}}}
---
kind: Role
metadata: {name: x-operator}
rules:
  - {apiGroups: [batch], resources: [jobs], verbs: [get, create]}
  - {apiGroups: [frameflow.dev], resources: [videojobs/status], verbs: [patch]}
---
kind: RoleBinding
metadata: {name: x-operator}
roleRef: {kind: Role, name: x-operator}
subjects: [{kind: ServiceAccount, name: x-operator}]
---
kind: Role
metadata: {name: someone-else}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
kind: RoleBinding
metadata: {name: someone-else}
roleRef: {kind: Role, name: someone-else}
subjects: [{kind: ServiceAccount, name: other}]
`;

const record = (verb, group, resource, extra = {}) => ({
  verb, group, resource, subresource: null, namespace: 'frameflow-test', name: null, allowed: true, test: 'T', source: 'r.jsonl:1', ...extra,
});

test('only the roles bound to the operator\'s ServiceAccount count, rule by rule', () => {
  const objs = objects(ROLES);
  assert.equal(operatorServiceAccount(objs), 'x-operator');
  assert.deepEqual(operatorRules(objs, 'x-operator').map(key), ['batch/jobs/get', 'batch/jobs/create', 'frameflow.dev/videojobs/status/patch']);
});

test('a subresource needs its own rule; a wildcard grants every value', () => {
  const status = { group: 'frameflow.dev', resource: 'videojobs/status', verb: 'patch' };
  assert.ok(grants(status, record('patch', 'frameflow.dev', 'videojobs', { subresource: 'status' })));
  assert.ok(!grants(status, record('patch', 'frameflow.dev', 'videojobs')));
  assert.ok(grants({ group: '*', resource: '*', verb: '*' }, record('delete', '', 'pods')));
  assert.ok(!grants({ group: '', resource: 'pods', verb: 'get' }, record('get', 'batch', 'pods')));
});

test('denied requests fail, unused rules are listed, and the two renderers must agree', () => {
  const rules = operatorRules(objects(ROLES), 'x-operator');
  const records = [record('create', 'batch', 'jobs'), record('delete', 'batch', 'jobs', { allowed: false, name: 'j1' })];

  const { failures, unused } = evaluate({ kustomize: rules, helm: rules }, records);
  assert.equal(failures.length, 2);
  assert.match(failures[0], /1 request\(s\) .* denied/);
  assert.match(failures[1], /delete batch\/jobs in frameflow-test j1 \(test T, r\.jsonl:1\)/);
  assert.deepEqual(unused.kustomize, ['batch/jobs/get', 'frameflow.dev/videojobs/status/patch']);

  const fewer = rules.filter((r) => r.verb !== 'get');
  const { failures: differ } = evaluate({ kustomize: rules, helm: fewer }, [records[0]]);
  assert.deepEqual(differ, ['the operator\'s rules differ between kustomize and helm: only in kustomize: batch/jobs/get;']);
});

test('the command lists unused rules and exits 1 naming a denied request', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbac-'));
  mkdirSync(path.join(dir, 'rendered'));
  mkdirSync(path.join(dir, 'k8s-requests'));
  // a "rendered chart" with exactly Kustomize's rules and ServiceAccount
  writeFileSync(
    path.join(dir, 'rendered', 'helm-test.yaml'),
    readFileSync(path.join(REPO, 'kustomize/base/operator/rbac.yaml'), 'utf8') + '\n---\n' + readFileSync(path.join(REPO, 'kustomize/base/operator/deployment.yaml'), 'utf8'),
  );
  const run = () => spawnSync(process.execPath, [SCRIPT, '--repo', REPO, '--conformance-dir', dir], { encoding: 'utf8' });
  const lines = [
    { verb: 'create', group: 'batch', resource: 'jobs', subresource: null, namespace: 'frameflow-test', name: null, allowed: true, test: 'A' },
    { verb: 'watch', group: '', resource: 'pods', subresource: null, namespace: 'frameflow-test', name: null, allowed: true, test: 'A' },
  ];
  writeFileSync(path.join(dir, 'k8s-requests', 'a.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

  const ok = run();
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /rules of kustomize\/base\/operator\/rbac\.yaml no recorded request used/);
  assert.match(ok.stdout, /^  coordination\.k8s\.io\/leases\/update$/m);
  assert.doesNotMatch(ok.stdout, /^  batch\/jobs\/create$/m);

  writeFileSync(
    path.join(dir, 'k8s-requests', 'b.jsonl'),
    JSON.stringify({ verb: 'delete', group: '', resource: 'secrets', subresource: null, namespace: 'frameflow-test', name: 's', allowed: false, test: 'dev.frameflow.operator.X' }) + '\n',
  );
  const denied = run();
  assert.equal(denied.status, 1);
  assert.match(denied.stderr, /delete secrets in frameflow-test s \(test dev\.frameflow\.operator\.X, b\.jsonl:1\)/);
});
