#!/usr/bin/env node
// IAM conformance: every S3 request the test suite recorded (docs/conformance.md) is evaluated,
// with @cloud-copilot/iam-simulate, against the identity policy Terraform gives its principal's
// role (terraform/modules/pod-roles) and the bucket's policy (terraform/modules/private-bucket);
// a request production would refuse fails, naming principal, call and tests. The reverse: every
// grant of those policies must have been used by some recorded request, or be listed with a reason
// in conformance/unused-grants.yaml.
//
//   node infra-tests/conformance/iam.mjs [--records DIR] [--terraform DIR] [--unused-grants FILE]
//
// DIR defaults to <repository>/target/conformance/s3-requests. Exit 0: conformant; 1: a request
// denied, an unused grant not listed, or a bad list entry; 2: no records or a usage error.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { TERRAFORM_DIR, readPolicyModules, podRolePolicies, bucketPolicies } from './lib/policies.mjs';
import { readRecords } from './lib/records.mjs';
import { evaluate, formatReport } from './lib/evaluate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPOSITORY = path.resolve(HERE, '../..');

export const DEFAULTS = {
  records: path.join(REPOSITORY, 'target/conformance/s3-requests'),
  terraform: TERRAFORM_DIR,
  unusedGrants: path.join(HERE, '..', '..', 'conformance', 'unused-grants.yaml'),
};

function parseArgs(argv) {
  const options = { ...DEFAULTS };
  const names = { '--records': 'records', '--terraform': 'terraform', '--unused-grants': 'unusedGrants' };
  for (let i = 0; i < argv.length; i++) {
    const name = names[argv[i]];
    if (argv[i] === '--help' || argv[i] === '-h') {
      return { help: true };
    }
    if (!name || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete argument ${argv[i]} (usage: iam.mjs [--records DIR] [--terraform DIR] [--unused-grants FILE])`);
    }
    options[name] = path.resolve(argv[++i]);
  }
  return options;
}

/** Reads the accepted unused grants: a YAML list of { principal, sid, action, resource, reason }. */
export async function readAllowlist(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  const list = parseYaml(text) ?? [];
  if (!Array.isArray(list)) throw new Error(`${file}: must be a YAML list`);
  return list;
}

/** Runs the whole check; returns { result, lines, exitCode }. */
export async function run(options) {
  const files = await readPolicyModules(options.terraform);
  const policies = await podRolePolicies(files);
  const buckets = await bucketPolicies(files);
  const allowlist = await readAllowlist(options.unusedGrants);
  const { files: recordFiles, records } = await readRecords(options.records);
  const result = await evaluate({ records, policies, bucketPolicies: buckets, allowlist });
  const lines = formatReport(result, { files: recordFiles, dir: path.relative(process.cwd(), options.records) || '.' });
  return { result, lines, exitCode: result.ok ? 0 : 1 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`iam conformance: ${e.message}`);
    process.exit(2);
  }
  if (options.help) {
    console.log('usage: node infra-tests/conformance/iam.mjs [--records DIR] [--terraform DIR] [--unused-grants FILE]');
    process.exit(0);
  }
  try {
    const { lines, exitCode } = await run(options);
    console.log(lines.join('\n'));
    process.exit(exitCode);
  } catch (e) {
    console.error(`iam conformance: ${e.message}`);
    process.exit(e.code === 'NO_RECORDS' ? 2 : 1);
  }
}
