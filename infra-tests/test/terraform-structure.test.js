// What `terraform validate` would say about the wiring between our own modules, checked offline
// (validate itself needs the AWS provider, which this machine cannot download): every argument
// of a local module call is a variable of that module, every required variable is passed, every
// module.<name>.<output> reference names an output the module declares, and every module is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadRepository } from '../lib/repository.js';
import { isLocalSource } from '../lib/terraform.js';

const { modules, roots } = await loadRepository();
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

function localCalls() {
  return Object.entries(modules).flatMap(([dir, mod]) =>
    Object.entries(mod.module)
      .filter(([, call]) => isLocalSource(call.source))
      .map(([name, call]) => ({
        dir,
        name,
        call,
        target: path.posix.normalize(path.posix.join(dir, call.source)),
      })),
  );
}

test('every local module call passes declared variables, and all required ones', () => {
  const problems = [];
  for (const { dir, name, call, target } of localCalls()) {
    const callee = modules[target];
    if (!callee) {
      problems.push(`${dir}: module.${name} points at ${target}, which has no .tf files`);
      continue;
    }
    for (const argument of Object.keys(call).filter((a) => !META_ARGUMENTS.has(a))) {
      if (!(argument in callee.variable)) {
        problems.push(`${dir}: module.${name} passes ${argument}, not a variable of ${target}`);
      }
    }
    for (const [variable, declaration] of Object.entries(callee.variable)) {
      if (!('default' in declaration) && !(variable in call)) {
        problems.push(`${dir}: module.${name} does not pass required ${variable} of ${target}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(localCalls().length >= 12, 'the environments compose the modules');
});

test('every module.<name>.<output> reference names a declared output', async () => {
  const { readTerraformTree } = await import('../lib/terraform.js');
  const { TERRAFORM_DIR } = await import('../lib/repository.js');
  const files = await readTerraformTree(TERRAFORM_DIR);
  const problems = [];
  let checked = 0;
  for (const [file, text] of Object.entries(files)) {
    const dir = path.posix.dirname(file);
    const calls = modules[dir].module;
    for (const [, name, output] of text.matchAll(/\bmodule\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.([A-Za-z0-9_]+)/g)) {
      const call = calls[name];
      if (!call) {
        problems.push(`${file}: module.${name} is not called in ${dir}`);
      } else if (isLocalSource(call.source)) {
        checked++;
        const target = path.posix.normalize(path.posix.join(dir, call.source));
        if (!(output in modules[target].output)) {
          problems.push(`${file}: module.${name}.${output} is not an output of ${target}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 30, `checked ${checked} references`);
});

test('every module under terraform/modules is used by some root (so the policy saw it)', () => {
  const used = new Set(
    Object.values(roots)
      .flat()
      .filter((b) => b.kind === 'module')
      .map((b) => b.type),
  );
  const unused = Object.keys(modules).filter((dir) => dir.startsWith('modules/') && !used.has(dir));
  assert.deepEqual(unused, []);
});

test('every root keeps its state in S3 with locking, except the bootstrap that creates the bucket', async () => {
  const { readFile } = await import('node:fs/promises');
  const { TERRAFORM_DIR } = await import('../lib/repository.js');
  for (const root of Object.keys(roots).filter((r) => r.startsWith('environments/'))) {
    const backend = await readFile(path.join(TERRAFORM_DIR, root, 'backend.tf'), 'utf8');
    const env = path.posix.basename(root);
    assert.match(backend, /backend "s3"/, root);
    assert.match(backend, /use_lockfile\s*=\s*true/, root);
    assert.match(backend, /encrypt\s*=\s*true/, root);
    assert.match(backend, new RegExp(`key\\s*=\\s*"${env}/terraform.tfstate"`), root);
  }
});
