// No Terraform state of this repository holds a secret value (issue 27, item 11): the RDS master
// password is RDS's own, the broker's and SES's logins are written and rotated by scripts, the
// rabbitmq provider reads the administrator through an ephemeral resource. The check
// (lib/state-secrets.js) runs on every root, and on copies of the repository's own Terraform with
// each of the moved secrets put back, to show that it would catch their return.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRepository, rootDirs, TERRAFORM_DIR, blockAt } from '../lib/repository.js';
import { parseFiles, readTerraformTree, instantiate, asList, firstBlock } from '../lib/terraform.js';
import { secretsInState, sensitiveRootOutputs, BOOTSTRAP_PASSWORD } from '../lib/state-secrets.js';

const { modules, roots } = await loadRepository();
const ENVIRONMENTS = ['environments/dev', 'environments/prod'];

const find = (root, address) => blockAt(roots, root, address);

test('no resource, data source or output of any stack holds a secret value in its state', async () => {
  for (const root of await rootDirs()) {
    assert.deepEqual([...secretsInState(roots[root]), ...sensitiveRootOutputs(modules[root])], [], root);
  }
});

for (const env of ENVIRONMENTS) {
  test(`${env}: RDS keeps the master password, and External Secrets reads RDS's own entry`, () => {
    const rds = find(env, 'module.frameflow.module.database.module.rds');
    assert.equal(rds.body.manage_master_user_password, true);
    assert.equal(rds.body.password, undefined);
    assert.equal(modules['modules/database'].output.master_user_secret_arn.value, '${module.rds.db_instance_master_user_secret_arn}');
    const platform = modules['modules/platform'];
    assert.match(platform.output.secret_names.value, /"frameflow-postgresql"\s*=\s*module\.database\.master_user_secret_arn/);
    assert.equal(platform.module.cluster_addons.secret_arns, '${concat(module.secrets.arns, [module.database.master_user_secret_arn])}');
  });

  test(`${env}: the broker's administrator is a bootstrap in Terraform, its login an entry the rabbitmq provider reads ephemerally`, () => {
    const broker = find(env, 'module.frameflow.module.broker.aws_mq_broker.this');
    assert.equal(firstBlock(broker.body.user).password, BOOTSTRAP_PASSWORD);
    const bootstrap = find(env, 'module.frameflow.module.broker.aws_secretsmanager_secret_version.admin_bootstrap');
    assert.equal(bootstrap.body.secret_string, undefined);
    assert.match(bootstrap.body.secret_string_wo, /one\(aws_mq_broker\.this\.user\[\*\]\.password\)/, 'the bootstrap, write-only');
    // the provider logs in with what the ephemeral resource read, never a stored value
    const root = modules[env];
    const [rabbitmq] = root.providerConfigs.rabbitmq;
    assert.equal(rabbitmq.username, '${local.broker_admin.username}');
    assert.equal(rabbitmq.password, '${local.broker_admin.password}');
    assert.equal(root.locals.broker_admin, '${jsondecode(ephemeral.aws_secretsmanager_secret_version.broker_admin.secret_string)}');
    const read = find(env, 'ephemeral.aws_secretsmanager_secret_version.broker_admin');
    assert.equal(read.body.secret_id, '${module.frameflow.broker_admin_secret_arn}');
    // External Secrets may read the pods' entries and RDS's, not the administrator's
    assert.doesNotMatch(modules['modules/platform'].module.cluster_addons.secret_arns, /broker/);
  });

  test(`${env}: the services' broker users exist in Terraform, their passwords are set by scripts/rotate-broker-password`, () => {
    for (const service of ['api_gateway', 'operator']) {
      const user = find(env, `module.frameflow.module.broker_users.rabbitmq_user.${service}`);
      assert.equal(user.body.password, BOOTSTRAP_PASSWORD);
      // an update would re-send the bootstrap password: nothing about the user is updated
      assert.deepEqual(asList(firstBlock(user.body.lifecycle).ignore_changes).sort(), ['${password}', '${tags}']);
    }
  });
}

// --- the check catches each secret put back into the repository's own Terraform

const tree = await readTerraformTree(TERRAFORM_DIR);

/** The prod stack with `file`'s text changed by `edit` (which must change it). */
async function prodWith(edits) {
  const files = { ...tree };
  for (const [file, edit] of Object.entries(edits)) {
    const changed = edit(files[file]);
    assert.notEqual(changed, files[file], `the fixture changes ${file}`);
    files[file] = changed;
  }
  const parsed = await parseFiles(files);
  return { blocks: instantiate(parsed, 'environments/prod'), parsed };
}

const flagged = (blocks) => secretsInState(blocks).map((f) => f.address);

describe('the state check fails when a secret comes back', () => {
  test('the RDS master password drawn by Terraform', async () => {
    const { blocks } = await prodWith({
      'modules/database/main.tf': (t) =>
        t.replace(
          'manage_master_user_password = true',
          'manage_master_user_password = false\n  password                    = random_password.master.result',
        ) + '\nresource "random_password" "master" {\n  length = 32\n}\n',
    });
    assert.deepEqual(flagged(blocks).sort(), [
      'module.frameflow.module.database.module.rds',
      'module.frameflow.module.database.module.rds',
      'module.frameflow.module.database.random_password.master',
    ]);
  });

  test("the broker administrator's password from a random_password, or a bootstrap planned again", async () => {
    const drawn = await prodWith({
      'modules/broker/main.tf': (t) =>
        t.replace('password = uuid()', 'password = random_password.broker.result') +
        '\nresource "random_password" "broker" {\n  length = 32\n}\n',
    });
    assert.deepEqual(flagged(drawn.blocks).sort(), [
      'module.frameflow.module.broker.aws_mq_broker.this',
      'module.frameflow.module.broker.random_password.broker',
    ]);
    const replanned = await prodWith({ 'modules/broker/main.tf': (t) => t.replace('ignore_changes = [user]', 'ignore_changes = [tags]') });
    assert.deepEqual(flagged(replanned.blocks), ['module.frameflow.module.broker.aws_mq_broker.this']);
  });

  test("a service user's password from Terraform", async () => {
    const { blocks } = await prodWith({
      'modules/broker-users/main.tf': (t) =>
        t.replace(/name {5}= "\$\{var\.name\}-operator"\n {2}password = uuid\(\)/, 'name     = "${var.name}-operator"\n  password = random_password.operator.result') +
        '\nresource "random_password" "operator" {\n  length = 32\n}\n',
    });
    assert.deepEqual(flagged(blocks).sort(), [
      'module.frameflow.module.broker_users.rabbitmq_user.operator',
      'module.frameflow.module.broker_users.random_password.operator',
    ]);
  });

  test('the SES SMTP access key', async () => {
    const { blocks } = await prodWith({
      'modules/email/main.tf': (t) => t + '\nresource "aws_iam_access_key" "smtp" {\n  user = aws_iam_user.smtp.name\n}\n',
    });
    assert.deepEqual(flagged(blocks), ['module.frameflow.module.email.aws_iam_access_key.smtp']);
  });

  test('a value written into an entry, or read back by a data source', async () => {
    const written = await prodWith({
      'modules/secrets/main.tf': (t) =>
        t +
        '\nresource "aws_secretsmanager_secret_version" "jwt" {\n  secret_id     = aws_secretsmanager_secret.this["jwt"].id\n  secret_string = "x"\n}\n',
    });
    assert.deepEqual(flagged(written.blocks), ['module.frameflow.module.secrets.aws_secretsmanager_secret_version.jwt']);
    const readBack = await prodWith({
      'environments/prod/providers.tf': (t) =>
        t
          .replace('ephemeral "aws_secretsmanager_secret_version" "broker_admin"', 'data "aws_secretsmanager_secret_version" "broker_admin"')
          .replace('ephemeral.aws_secretsmanager_secret_version.broker_admin', 'data.aws_secretsmanager_secret_version.broker_admin'),
    });
    assert.deepEqual(flagged(readBack.blocks), ['data.aws_secretsmanager_secret_version.broker_admin']);
  });

  test('a sensitive root output', async () => {
    const { parsed } = await prodWith({
      'environments/prod/outputs.tf': (t) => t + '\noutput "admin" {\n  value     = "x"\n  sensitive = true\n}\n',
    });
    assert.deepEqual(sensitiveRootOutputs(parsed['environments/prod']).map((f) => f.address), ['output.admin']);
  });
});

test('write-only arguments, ephemeral reads and undecrypted parameters pass; their stored twins do not', async () => {
  const blocksOf = async (hcl) => instantiate(await parseFiles({ 'x/main.tf': hcl }), 'x');
  const passing = await blocksOf(`
ephemeral "aws_secretsmanager_secret_version" "db" {
  secret_id = "frameflow/x/db"
}
resource "aws_db_instance" "db" {
  password_wo         = ephemeral.aws_secretsmanager_secret_version.db.secret_string
  password_wo_version = 1
}
resource "aws_secretsmanager_secret_version" "v" {
  secret_id                = "frameflow/x/db"
  secret_string_wo         = "x"
  secret_string_wo_version = 1
}
data "aws_ssm_parameter" "ami" {
  name            = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id"
  with_decryption = false
}
`);
  assert.deepEqual(secretsInState(passing), []);
  const failing = await blocksOf(`
resource "aws_db_instance" "db" {
  password = "x"
}
resource "aws_rds_cluster" "c" {
  master_password = "x"
}
resource "aws_ssm_parameter" "p" {
  type  = "SecureString"
  value = "x"
}
data "aws_ssm_parameter" "p" {
  name = "/frameflow/x"
}
`);
  assert.deepEqual(secretsInState(failing).map((f) => f.address).sort(), [
    'aws_db_instance.db',
    'aws_rds_cluster.c',
    'aws_ssm_parameter.p',
    'data.aws_ssm_parameter.p',
  ]);
});
