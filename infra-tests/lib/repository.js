// The repository's Terraform: where it is and which directories are roots.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { parseFiles, readTerraformTree, instantiate } from './terraform.js';

export const TERRAFORM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../terraform');

/** Root modules: the bootstrap and every directory under environments/. */
export async function rootDirs() {
  const envs = await readdir(path.join(TERRAFORM_DIR, 'environments'), { withFileTypes: true });
  return ['bootstrap', ...envs.filter((e) => e.isDirectory()).map((e) => `environments/${e.name}`)];
}

let cached;

/** { modules, roots: { "environments/prod": blocks, ... } } for the repository's Terraform. */
export async function loadRepository() {
  cached ??= (async () => {
    const modules = await parseFiles(await readTerraformTree(TERRAFORM_DIR));
    const roots = {};
    for (const dir of await rootDirs()) {
      roots[dir] = instantiate(modules, dir);
    }
    return { modules, roots };
  })();
  return cached;
}

/** The block at `address` among a root's instantiated blocks; the test fails when there is none. */
export function blockAt(roots, root, address) {
  const block = roots[root].find((b) => b.address === address);
  assert.ok(block, `${root}: ${address} exists`);
  return block;
}
