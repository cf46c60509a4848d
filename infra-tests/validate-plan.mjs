// Decides what `terraform validate` can check on a machine without the Terraform registry, given
// a local provider mirror, and writes a root module that calls the checkable modules no checkable
// root already covers. Usage:
//   node validate-plan.mjs <copy of terraform/> <provider mirror dir>
// Prints one line per directory: "validate <dir>" or "skip <dir>: <reason>". Writes
// <copy>/_validate/main.tf when there are modules to check through it.
import { readdir, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseFiles, readTerraformTree, isLocalSource } from './lib/terraform.js';

const [terraformDir, mirror] = process.argv.slice(2);
const modules = await parseFiles(await readTerraformTree(terraformDir));

async function mirroredProviders() {
  const available = new Set();
  const base = path.join(mirror, 'registry.terraform.io');
  for (const namespace of await readdir(base).catch(() => [])) {
    for (const name of await readdir(path.join(base, namespace)).catch(() => [])) {
      available.add(`${namespace}/${name}`);
    }
  }
  return available;
}
const available = await mirroredProviders();

/** Providers and registry modules a directory needs, its local modules included. */
function needs(dir, seen = new Set()) {
  const mod = modules[dir];
  const result = { providers: new Set(mod.providers), registry: new Set(), covers: new Set([dir]) };
  seen.add(dir);
  for (const call of Object.values(mod.module)) {
    if (!isLocalSource(call.source)) {
      result.registry.add(call.source);
      continue;
    }
    const child = path.posix.normalize(path.posix.join(dir, call.source));
    if (seen.has(child)) continue;
    const sub = needs(child, seen);
    sub.providers.forEach((p) => result.providers.add(p));
    sub.registry.forEach((r) => result.registry.add(r));
    sub.covers.forEach((c) => result.covers.add(c));
  }
  return result;
}

function blocker(dir) {
  const { providers, registry } = needs(dir);
  const missing = [...providers].filter((p) => !available.has(p));
  const reasons = [];
  if (missing.length) reasons.push(`providers not in the mirror: ${missing.join(', ')}`);
  if (registry.size) reasons.push(`registry modules: ${[...registry].join(', ')}`);
  return reasons.join('; ');
}

const dirs = Object.keys(modules).sort();
const roots = dirs.filter((d) => !d.startsWith('modules/'));
const covered = new Set();
const lines = [];
// Each validate starts the (large) AWS provider: a root is validated on its own only when it
// declares resources itself; a root that only composes modules is checked through its modules
// (and its wiring by terraform-structure.test.js).
const ownsResources = (dir) => Object.keys(modules[dir].resource).length + Object.keys(modules[dir].data).length > 0;
for (const root of roots) {
  const reason = blocker(root);
  if (reason) {
    lines.push(`skip ${root}: ${reason}`);
  } else if (!ownsResources(root)) {
    lines.push(`covered ${root} (composes modules only: they are validated)`);
  } else {
    lines.push(`validate ${root}`);
    needs(root).covers.forEach((c) => covered.add(c));
  }
}

// The remaining checkable modules, called from one generated root; their required variables
// become root variables of the same type, which validate treats as unknown values.
const calls = [];
for (const dir of dirs.filter((d) => d.startsWith('modules/'))) {
  const reason = blocker(dir);
  if (reason) {
    lines.push(`skip ${dir}: ${reason}`);
  } else if (covered.has(dir)) {
    lines.push(`covered ${dir}`);
  } else {
    const name = dir.replaceAll(/[^A-Za-z0-9]/g, '_');
    const variables = Object.entries(modules[dir].variable).filter(([, v]) => !('default' in v));
    const declarations = variables.map(
      ([v, decl]) => `variable "${name}__${v}" {\n  type = ${String(decl.type ?? '${any}').replace(/^\$\{(.*)\}$/s, '$1')}\n}\n`,
    );
    const args = variables.map(([v]) => `  ${v} = var.${name}__${v}\n`);
    calls.push(`${declarations.join('')}module "${name}" {\n  source = "../${dir}"\n${args.join('')}}\n`);
    lines.push(`covered ${dir} (through _validate)`);
  }
}
if (calls.length) {
  await mkdir(path.join(terraformDir, '_validate'), { recursive: true });
  await writeFile(path.join(terraformDir, '_validate', 'main.tf'), calls.join('\n'));
  lines.push('validate _validate');
}
console.log(lines.join('\n'));
