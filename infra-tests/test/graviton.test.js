// The optional Graviton (arm64) node group (issue 30, item 5): off by default, Amazon Linux 2023
// for arm64 with Graviton instance types when enabled, untainted unless asked, and refused when
// its settings are not a Graviton group. The node groups live in modules/cluster/node-groups.tf
// (locals only) so that terraform itself evaluates them here, with the module's own variables and
// validations, and no provider: what `terraform plan` would hand the EKS module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadRepository, TERRAFORM_DIR } from '../lib/repository.js';

const CLUSTER = path.join(TERRAFORM_DIR, 'modules/cluster');
const hasTerraform =
  spawnSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } }).status === 0;
const skip = hasTerraform ? false : 'terraform is not on the PATH (CI installs it)';
// ANSI colours: terraform console has no -no-color
const plain = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** `terraform console` in dir, asked one expression: { status, stdout, stderr }. */
function console(dir, vars, expression) {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', ['console', ...vars], {
      cwd: dir,
      env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(expression);
  });
}

/**
 * The node groups the cluster module hands the EKS module for these graviton_node_group settings
 * (an HCL expression, or null for the default): { ok, groups } or { ok: false, error }.
 */
async function nodeGroups(graviton) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'graviton-'));
  try {
    for (const file of ['variables.tf', 'node-groups.tf']) {
      await copyFile(path.join(CLUSTER, file), path.join(dir, file));
    }
    const vars = ['-var', 'name=frameflow-test', '-var', 'vpc_id=vpc-0', '-var', 'private_subnet_ids=[]'];
    if (graviton !== null) vars.push('-var', `graviton_node_group=${graviton}`);
    const run = await console(dir, vars, 'jsonencode(local.eks_managed_node_groups)\n');
    if (run.status !== 0) {
      return { ok: false, error: plain(run.stderr).replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ') };
    }
    return { ok: true, groups: JSON.parse(JSON.parse(run.stdout.trim())) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('no Graviton node group unless enabled: the default x86-64 group alone', { skip }, async () => {
  for (const settings of [null, '{}', '{ enabled = false, instance_types = ["c7g.xlarge"] }']) {
    const result = await nodeGroups(settings);
    assert.ok(result.ok, result.error);
    assert.deepEqual(Object.keys(result.groups), ['default'], String(settings));
    assert.equal(result.groups.default.ami_type, 'AL2023_x86_64_STANDARD');
  }
});

test('enabled, it is an AL2023 arm64 group of m7g/c7g instances, untainted, beside the default one', { skip }, async () => {
  const result = await nodeGroups('{ enabled = true }');
  assert.ok(result.ok, result.error);
  assert.deepEqual(Object.keys(result.groups).sort(), ['default', 'graviton']);
  const graviton = result.groups.graviton;
  assert.equal(graviton.ami_type, 'AL2023_ARM_64_STANDARD');
  assert.deepEqual(graviton.instance_types, ['m7g.large', 'c7g.large']);
  assert.equal(graviton.capacity_type, 'ON_DEMAND');
  assert.deepEqual(graviton.taints, {}, 'no taint: extraction pods tolerate none');
  assert.ok(graviton.min_size <= graviton.desired_size && graviton.desired_size <= graviton.max_size);
  assert.equal(result.groups.default.ami_type, 'AL2023_x86_64_STANDARD', 'the default group stays x86-64');
});

test('its instance types, capacity, sizes and taints are the ones asked for', { skip }, async () => {
  const result = await nodeGroups(
    '{ enabled = true, instance_types = ["c7g.xlarge", "c7gn.xlarge", "m8g.large"], capacity_type = "SPOT", min_size = 0, desired_size = 1, max_size = 10, taints = { arm = { key = "frameflow.dev/arm64", value = "true", effect = "PREFER_NO_SCHEDULE" } } }',
  );
  assert.ok(result.ok, result.error);
  const graviton = result.groups.graviton;
  assert.deepEqual(graviton.instance_types, ['c7g.xlarge', 'c7gn.xlarge', 'm8g.large']);
  assert.equal(graviton.capacity_type, 'SPOT');
  assert.deepEqual([graviton.min_size, graviton.desired_size, graviton.max_size], [0, 1, 10]);
  assert.deepEqual(graviton.taints, { arm: { key: 'frameflow.dev/arm64', value: 'true', effect: 'PREFER_NO_SCHEDULE' } });
});

test('settings that do not make a Graviton group are refused by the module', { skip }, async () => {
  const refused = [
    ['{ enabled = true, instance_types = ["m6i.large"] }', /must list Graviton \(arm64\) instance types/],
    ['{ enabled = true, instance_types = ["c7g.large", "c7a.large"] }', /must list Graviton/],
    ['{ enabled = true, instance_types = ["t3.medium"] }', /must list Graviton/],
    ['{ enabled = true, instance_types = [] }', /must list Graviton/],
    ['{ enabled = true, capacity_type = "RESERVED" }', /must be ON_DEMAND or SPOT/],
    ['{ enabled = true, min_size = 3, desired_size = 2 }', /min_size <= desired_size <= max_size/],
    ['{ enabled = true, min_size = 0, desired_size = 0, max_size = 0 }', /max_size >= 1/],
    ['{ enabled = true, taints = { a = { key = "k", effect = "NoSchedule" } } }', /NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE/],
  ];
  const results = await Promise.all(refused.map(([settings]) => nodeGroups(settings)));
  refused.forEach(([settings, message], i) => {
    assert.equal(results[i].ok, false, `${settings} was accepted`);
    assert.match(results[i].error, message, settings);
  });
});

test('the EKS module gets those node groups, and every environment can enable Graviton, off by default', async () => {
  const { modules } = await loadRepository();
  assert.equal(modules['modules/cluster'].module.eks.eks_managed_node_groups, '${local.eks_managed_node_groups}');
  assert.equal(modules['modules/cluster'].variable.graviton_node_group.default && Object.keys(modules['modules/cluster'].variable.graviton_node_group.default).length, 0);
  assert.match(modules['modules/cluster'].variable.graviton_node_group.type, /enabled\s*=\s*optional\(bool, false\)/);
  assert.equal(modules['modules/platform'].module.cluster.graviton_node_group, '${var.graviton_node_group}');
  const environments = Object.keys(modules).filter((dir) => dir.startsWith('environments/') && modules[dir].module.frameflow);
  assert.deepEqual(environments.sort(), ['environments/dev', 'environments/prod']);
  for (const env of environments) {
    assert.equal(modules[env].module.frameflow.graviton_node_group, '${var.graviton_node_group}', env);
    assert.deepEqual(modules[env].variable.graviton_node_group.default, {}, `${env}: off unless terraform.tfvars enables it`);
  }
});
