// The IAM policies the deployment declares, rendered from the Terraform HCL into real IAM JSON:
// the identity policy of each pod role (terraform/modules/pod-roles: aws_iam_role_policy ->
// data.aws_iam_policy_document) and the bucket policies of the storage buckets
// (terraform/modules/private-bucket: aws_s3_bucket_policy -> data.aws_iam_policy_document).
// Terraform references are replaced by the concrete test values of TEST_ENVIRONMENT; a reference
// left over is an error, never a silent wildcard.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFiles, asList } from '../../lib/terraform.js';

export const TERRAFORM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../terraform');

/**
 * The concrete values the policies are rendered with. The account and names are the test rig's
 * (docs/conformance.md: roles frameflow-test-<principal>, logical buckets uploads and results);
 * production differs only in these names, not in the statements.
 */
export const TEST_ENVIRONMENT = Object.freeze({
  accountId: '000000000000',
  region: 'eu-west-1',
  buckets: Object.freeze({
    uploads: 'arn:aws:s3:::frameflow-test-uploads',
    results: 'arn:aws:s3:::frameflow-test-results',
  }),
  kmsKeyArn: 'arn:aws:kms:eu-west-1:000000000000:key/00000000-0000-4000-8000-000000000000',
  roleArn: (principal) => `arn:aws:iam::000000000000:role/frameflow-test-${principal}`,
});

/** The variables of modules/pod-roles the policy documents use, as test values. */
export function podRoleVariables(env = TEST_ENVIRONMENT) {
  return {
    upload_bucket_arn: env.buckets.uploads,
    result_bucket_arn: env.buckets.results,
    storage_kms_key_arn: env.kmsKeyArn,
  };
}

const MODULES = ['modules/pod-roles', 'modules/private-bucket', 'modules/storage'];

/** Reads the .tf files of the modules the policies come from: { "modules/x/main.tf": text }. */
export async function readPolicyModules(terraformDir = TERRAFORM_DIR) {
  const files = {};
  for (const dir of MODULES) {
    for (const name of ['main.tf', 'variables.tf']) {
      try {
        files[`${dir}/${name}`] = await readFile(path.join(terraformDir, dir, name), 'utf8');
      } catch (e) {
        if (e.code !== 'ENOENT') throw e;
      }
    }
  }
  return files;
}

/** Replaces each ${name} in the strings of value by substitutions[name]; throws on any other ${...}. */
function substitute(value, substitutions, where) {
  if (typeof value === 'string') {
    const out = value.replace(/\$\{([^}]+)\}/g, (whole, expression) => {
      const key = expression.trim();
      if (!(key in substitutions)) {
        throw new Error(`${where}: cannot render ${whole} (known: ${Object.keys(substitutions).join(', ')})`);
      }
      return substitutions[key];
    });
    return out;
  }
  if (Array.isArray(value)) {
    return value.map((v) => substitute(v, substitutions, where));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, substitutions, where)]));
  }
  return value;
}

const one = (list) => (list.length === 1 ? list[0] : list);

/** An aws_iam_policy_document body (hcl2json form, references already substituted) as IAM JSON. */
export function policyJson(body, where = 'policy document') {
  if (body.source_policy_documents || body.override_policy_documents) {
    throw new Error(`${where}: source/override policy documents are not supported by this renderer`);
  }
  const statements = asList(body.statement).map((s, i) => {
    const out = {};
    if (s.sid !== undefined) out.Sid = s.sid;
    out.Effect = s.effect ?? 'Allow';
    for (const [hcl, iam] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']]) {
      if (s[hcl] !== undefined) out[iam] = asList(s[hcl]);
    }
    for (const [hcl, iam] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']]) {
      const blocks = asList(s[hcl]);
      if (blocks.length === 0) continue;
      if (blocks.length === 1 && blocks[0].type === '*' && asList(blocks[0].identifiers).every((x) => x === '*')) {
        out[iam] = '*';
      } else {
        out[iam] = {};
        for (const p of blocks) {
          out[iam][p.type] = [...asList(out[iam][p.type]), ...asList(p.identifiers)];
        }
      }
    }
    const conditions = asList(s.condition);
    if (conditions.length > 0) {
      out.Condition = {};
      for (const c of conditions) {
        out.Condition[c.test] ??= {};
        out.Condition[c.test][c.variable] = [...asList(out.Condition[c.test][c.variable]), ...asList(c.values)];
      }
    }
    if (!out.Action && !out.NotAction) throw new Error(`${where}: statement ${s.sid ?? i} has no actions`);
    return out;
  });
  return { Version: body.version ?? '2012-10-17', Statement: statements };
}

/**
 * The pod roles' identity policies: { principal: { name, document, statements } } where principal
 * is the role key of modules/pod-roles (operator, api-gateway), document the IAM JSON with test
 * values, and statements each Allow statement with its Terraform resources (as written in the
 * .tf, for messages and the list of accepted unused grants) beside the rendered ones.
 */
export async function podRolePolicies(files, env = TEST_ENVIRONMENT) {
  const modules = await parseFiles(files);
  const mod = modules['modules/pod-roles'];
  if (!mod) throw new Error('no modules/pod-roles in the Terraform read');
  const vars = podRoleVariables(env);
  const substitutions = Object.fromEntries(Object.entries(vars).map(([k, v]) => [`var.${k}`, v]));
  const documents = mod.data.aws_iam_policy_document ?? {};
  const roles = {};
  for (const [name, attachment] of Object.entries(mod.resource.aws_iam_role_policy ?? {})) {
    const role = /aws_iam_role\.this\["([^"]+)"\]/.exec(String(attachment.role))?.[1];
    const doc = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(String(attachment.policy))?.[1];
    if (!role || !doc || !documents[doc]) {
      throw new Error(`modules/pod-roles aws_iam_role_policy.${name}: cannot tell its role and document (${attachment.role}, ${attachment.policy})`);
    }
    const where = `modules/pod-roles data.aws_iam_policy_document.${doc}`;
    const document = policyJson(substitute(documents[doc], substitutions, where), where);
    const statements = asList(documents[doc].statement).map((s, i) => ({
      sid: s.sid ?? `#${i}`,
      effect: s.effect ?? 'Allow',
      actions: asList(s.actions),
      terraformResources: asList(s.resources),
      resources: asList(document.Statement[i].Resource),
      conditions: asList(s.condition).length,
    }));
    if (roles[role]) throw new Error(`modules/pod-roles: role ${role} has two inline policies; the evaluator expects one`);
    roles[role] = { name: `${name} (${doc})`, document, statements };
  }
  return roles;
}

/**
 * The bucket policies of the storage buckets: { bucketArn: IAM JSON }. Every bucket of
 * modules/storage is a modules/private-bucket, whose aws_s3_bucket_policy resources name the
 * documents; aws_s3_bucket.this.arn becomes the bucket's test ARN.
 */
export async function bucketPolicies(files, env = TEST_ENVIRONMENT) {
  const modules = await parseFiles(files);
  const storage = modules['modules/storage'];
  const bucketCall = Object.values(storage?.module ?? {}).find((m) => String(m.source).endsWith('/private-bucket'));
  if (!bucketCall) throw new Error('modules/storage makes no modules/private-bucket: update the evaluator');
  const bucketModule = modules['modules/private-bucket'];
  const documents = bucketModule.data.aws_iam_policy_document ?? {};
  const out = {};
  for (const arn of Object.values(env.buckets)) {
    const statements = [];
    for (const [name, attachment] of Object.entries(bucketModule.resource.aws_s3_bucket_policy ?? {})) {
      const doc = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(String(attachment.policy))?.[1];
      if (!doc || !documents[doc]) throw new Error(`modules/private-bucket aws_s3_bucket_policy.${name}: cannot tell its document`);
      const where = `modules/private-bucket data.aws_iam_policy_document.${doc}`;
      statements.push(...policyJson(substitute(documents[doc], { 'aws_s3_bucket.this.arn': arn }, where), where).Statement);
    }
    if (statements.length > 0) out[arn] = { Version: '2012-10-17', Statement: statements };
  }
  return out;
}
