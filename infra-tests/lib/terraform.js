// A small offline model of a Terraform configuration, enough for policy tests: it parses every
// .tf file with @cdktf/hcl2json, merges the files of each directory into one module, and walks
// each root module through its local module calls, substituting `var.*` and `local.*`
// references with the values the callers pass. What cannot be known without a plan (resource
// attributes, root variables without a default, function calls) stays as the original
// "${...}" expression string, so a policy that needs a literal value fails on it.
import { parse } from '@cdktf/hcl2json';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Parses { "dir/file.tf": text } into { "dir": module } with the files of a directory merged. */
export async function parseFiles(files) {
  const modules = {};
  for (const [file, text] of Object.entries(files)) {
    const dir = path.posix.dirname(file);
    let json;
    try {
      json = await parse(file, text);
    } catch (e) {
      throw new Error(`${file}: HCL does not parse: ${e.message ?? e}`);
    }
    modules[dir] = mergeModule(modules[dir] ?? emptyModule(), json);
  }
  return modules;
}

/** Reads every .tf file under root (skipping .terraform) as { "relative/dir/file.tf": text }. */
export async function readTerraformTree(root) {
  const files = {};
  async function walk(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '.terraform') {
        await walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.tf')) {
        files[path.relative(root, full).split(path.sep).join('/')] = await readFile(full, 'utf8');
      }
    }
  }
  await walk(root);
  return files;
}

function emptyModule() {
  return { resource: {}, data: {}, ephemeral: {}, module: {}, variable: {}, output: {}, locals: {}, providers: new Set(), providerConfigs: {} };
}

function mergeModule(into, json) {
  for (const kind of ['resource', 'data', 'ephemeral']) {
    for (const [type, byName] of Object.entries(json[kind] ?? {})) {
      into[kind][type] ??= {};
      for (const [name, blocks] of Object.entries(byName)) {
        into[kind][type][name] = blocks[0];
      }
    }
  }
  for (const kind of ['module', 'variable', 'output']) {
    for (const [name, blocks] of Object.entries(json[kind] ?? {})) {
      into[kind][name] = blocks[0];
    }
  }
  // provider "x" { ... } configurations, every block of a name (aliases included)
  for (const [name, blocks] of Object.entries(json.provider ?? {})) {
    into.providerConfigs[name] = [...(into.providerConfigs[name] ?? []), ...blocks];
  }
  for (const block of json.locals ?? []) {
    Object.assign(into.locals, block);
  }
  for (const settings of json.terraform ?? []) {
    for (const required of settings.required_providers ?? []) {
      for (const [name, spec] of Object.entries(required)) {
        into.providers.add(typeof spec === 'object' && spec.source ? spec.source : `hashicorp/${name}`);
      }
    }
  }
  return into;
}

export function isLocalSource(source) {
  return typeof source === 'string' && (source.startsWith('./') || source.startsWith('../'));
}

const WHOLE_REFERENCE = /^\$\{(var|local)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_-]+)*)\}$/;

/**
 * Every resource, data source, ephemeral resource and module call reachable from the root
 * directory, each as
 * { kind, type, name, body, address, instance, dir, environment } with `var.*` / `local.*`
 * resolved in body; instance is the address of the module instance holding the block.
 * kind is "resource", "data", "ephemeral", "module" (local) or "external-module" (a registry or
 * git source, type = its source).
 */
export function instantiate(modules, rootDir, environment = path.posix.basename(rootDir)) {
  const blocks = [];

  function walk(dir, vars, address, seen) {
    const mod = modules[dir];
    if (!mod) {
      throw new Error(`${address || rootDir}: no Terraform files in ${dir}`);
    }
    if (seen.has(dir)) {
      throw new Error(`${address}: module cycle through ${dir}`);
    }
    const scope = { vars, locals: mod.locals, resolving: new Set() };
    const resolve = (value) => resolveValue(value, scope);
    const prefix = address ? `${address}.` : '';

    for (const kind of ['resource', 'data', 'ephemeral']) {
      for (const [type, byName] of Object.entries(mod[kind])) {
        for (const [name, body] of Object.entries(byName)) {
          const local = `${kind === 'resource' ? '' : `${kind}.`}${type}.${name}`;
          blocks.push({ kind, type, name, body: resolve(body), address: prefix + local, instance: address, dir, environment });
        }
      }
    }
    for (const [name, call] of Object.entries(mod.module)) {
      const body = resolve(call);
      const callAddress = `${prefix}module.${name}`;
      if (isLocalSource(call.source)) {
        const childDir = path.posix.normalize(path.posix.join(dir, call.source));
        blocks.push({ kind: 'module', type: childDir, name, body, address: callAddress, instance: address, dir, environment });
        walk(childDir, childVariables(modules[childDir], body, childDir), callAddress, new Set([...seen, dir]));
      } else {
        blocks.push({ kind: 'external-module', type: call.source, name, body, address: callAddress, instance: address, dir, environment });
      }
    }
  }

  walk(rootDir, childVariables(modules[rootDir], {}, rootDir), '', new Set());
  return blocks;
}

/** A module's variables: what the caller passes, else the declared default, else unknown. */
function childVariables(mod, passed, dir) {
  if (!mod) {
    throw new Error(`no Terraform files in ${dir}`);
  }
  const vars = {};
  for (const [name, declaration] of Object.entries(mod.variable)) {
    if (name in passed) {
      vars[name] = passed[name];
    } else if ('default' in declaration) {
      vars[name] = declaration.default;
    } else {
      vars[name] = `\${var.${name}}`;
    }
  }
  return vars;
}

function resolveValue(value, scope) {
  if (typeof value === 'string') {
    const match = WHOLE_REFERENCE.exec(value);
    if (!match) {
      return value;
    }
    const [, kind, name, attributes] = match;
    let resolved;
    if (kind === 'var') {
      if (!(name in scope.vars)) {
        return value;
      }
      resolved = scope.vars[name];
    } else {
      if (!(name in scope.locals) || scope.resolving.has(name)) {
        return value;
      }
      scope.resolving.add(name);
      resolved = resolveValue(scope.locals[name], scope);
      scope.resolving.delete(name);
    }
    // var.x.y / local.x.y: follow the attributes while the value is a known object
    for (const attribute of attributes.split('.').filter(Boolean)) {
      if (!resolved || typeof resolved !== 'object' || !(attribute in resolved)) {
        return value;
      }
      resolved = resolved[attribute];
    }
    return resolved;
  }
  if (Array.isArray(value)) {
    return value.map((v) => resolveValue(v, scope));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, scope)]));
  }
  return value;
}

/** Nested blocks come out of hcl2json as arrays of objects; attributes as plain values. */
export function firstBlock(value) {
  return Array.isArray(value) ? value[0] : value;
}

export function asList(value) {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}
