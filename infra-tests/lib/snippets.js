// Runs the policy over HCL given as strings, for tests that show each rule can fail.
import { parseFiles, instantiate } from './terraform.js';
import { checkAll } from './policy.js';

/**
 * files: { "main.tf": text } for a single root, or { "dev/main.tf": ..., "modules/x/main.tf": ... }
 * with root naming the root directory. The root directory's name is the environment.
 */
export async function violations(files, root = 'dev') {
  const named = typeof files === 'string' ? { [`${root}/main.tf`]: files } : files;
  const modules = await parseFiles(named);
  return checkAll(instantiate(modules, root));
}

export async function rulesBroken(files, root) {
  return [...new Set((await violations(files, root)).map((v) => v.rule))].sort();
}
