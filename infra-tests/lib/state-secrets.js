// What puts a secret value into a Terraform state (issue 27, item 11). Terraform stores every
// attribute of every resource and data source it manages, sensitive or not, and every root output:
// whoever reads a state (or an old version of it) reads those. Write-only arguments (`*_wo`) and
// ephemeral resources are never stored. This lists, for the blocks of one instantiated root
// (lib/terraform.js), each one that would store a secret, with the reason.
import { asList, firstBlock } from './terraform.js';

/** Resources whose own result is a secret: any of them stores it. */
const SECRET_RESULTS = new Map([
  ['random_password', 'its result is a password'],
  ['random_string', 'its result is a generated secret'],
  ['random_bytes', 'its result is generated key material'],
  ['tls_private_key', 'its private key'],
  ['aws_iam_access_key', 'its secret access key and SES SMTP password'],
  ['aws_iam_user_login_profile', 'its generated password'],
]);

/** Data sources that read a secret value (a data source's result is stored like a resource's). */
const SECRET_READS = new Set(['aws_secretsmanager_secret_version', 'aws_secretsmanager_secrets', 'aws_kms_secrets', 'aws_ssm_parameter']);

/** Attributes that hold the value they are given; their `_wo` twin is never stored. */
const STORED_VALUES = {
  aws_secretsmanager_secret_version: ['secret_string', 'secret_binary'],
  aws_db_instance: ['password'],
  aws_rds_cluster: ['master_password'],
  aws_docdb_cluster: ['master_password'],
  aws_redshift_cluster: ['master_password'],
};

const RDS_MODULE = 'terraform-aws-modules/rds/aws';

/**
 * A password a resource must be created with, when the provider offers no write-only argument
 * (aws_mq_broker users, rabbitmq_user): drawn at creation from uuid(), never planned again
 * (ignore_changes), told to nobody but the entry a rotation script replaces. The state keeps a
 * password that the first rotation makes worthless.
 */
export const BOOTSTRAP_PASSWORD = '${uuid()}';

const ignores = (block, attribute) =>
  asList(firstBlock(block.body.lifecycle)?.ignore_changes).some((a) => a === `\${${attribute}}` || a === attribute || a === '${all}' || a === 'all');

function bootstrapOnly(block, password, attribute) {
  if (password === undefined) {
    return null;
  }
  if (password !== BOOTSTRAP_PASSWORD) {
    return `${attribute} is ${JSON.stringify(password)}: only a one-time bootstrap (uuid(), ignored after creation) may be stored, the real password is written outside Terraform`;
  }
  if (!ignores(block, attribute.split('.')[0])) {
    return `${attribute} is a bootstrap but is not in lifecycle.ignore_changes: every plan would draw and store a new one`;
  }
  return null;
}

/** [{ address, reason }] for each block of a root that would store a secret value in its state. */
export function secretsInState(blocks) {
  const found = [];
  const flag = (block, reason) => found.push({ address: block.address, reason });
  for (const block of blocks) {
    if (block.kind === 'resource' && SECRET_RESULTS.has(block.type)) {
      flag(block, SECRET_RESULTS.get(block.type));
    }
    // an SSM parameter read without decryption stores no SecureString's value
    const undecrypted = block.type === 'aws_ssm_parameter' && block.body.with_decryption === false;
    if (block.kind === 'data' && SECRET_READS.has(block.type) && !undecrypted) {
      flag(block, 'a data source stores what it reads: read the value with an ephemeral resource');
    }
    if (block.kind === 'resource') {
      for (const attribute of STORED_VALUES[block.type] ?? []) {
        if (block.body[attribute] !== undefined && block.body[attribute] !== null) {
          flag(block, `${attribute} is stored: use ${attribute}_wo, or let the service keep the secret`);
        }
      }
    }
    if (block.kind === 'resource' && block.type === 'aws_ssm_parameter' && block.body.type === 'SecureString' && block.body.value !== undefined) {
      flag(block, 'a SecureString value is stored: use value_wo');
    }
    if (block.kind === 'resource' && block.type === 'aws_mq_broker') {
      for (const user of asList(block.body.user)) {
        const reason = bootstrapOnly(block, user.password, 'user.password');
        if (reason) flag(block, reason);
      }
    }
    if (block.kind === 'resource' && block.type === 'rabbitmq_user') {
      const reason = bootstrapOnly(block, block.body.password, 'password');
      if (reason) flag(block, reason);
    }
    if (block.kind === 'external-module' && block.type === RDS_MODULE) {
      if (block.body.password !== undefined && block.body.password !== null) {
        flag(block, 'password is stored in its aws_db_instance: manage_master_user_password = true instead');
      }
      if (block.body.manage_master_user_password !== true) {
        flag(block, `manage_master_user_password must be true (is ${JSON.stringify(block.body.manage_master_user_password)}): else the module draws a password into the state`);
      }
    }
  }
  return found;
}

/** The root module's outputs marked sensitive: root outputs are stored in the state. */
export function sensitiveRootOutputs(module) {
  return Object.entries(module.output)
    .filter(([, output]) => output.sensitive === true)
    .map(([name]) => ({ address: `output.${name}`, reason: 'a sensitive root output is stored in the state' }));
}
