// Each rule of the policy flags a deliberately bad configuration, and stays quiet once the
// configuration is fixed, so a green policy run means something.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rulesBroken } from '../lib/snippets.js';

const privateBucket = (name = 'uploads', { pab = true, sse = 'aws:kms' } = {}) => `
resource "aws_s3_bucket" "${name}" {
  bucket = "frameflow-${name}"
}
${pab ? `resource "aws_s3_bucket_public_access_block" "${name}" {
  bucket                  = aws_s3_bucket.${name}.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = ${pab === 'half' ? 'false' : 'true'}
}` : ''}
${sse ? `resource "aws_s3_bucket_server_side_encryption_configuration" "${name}" {
  bucket = aws_s3_bucket.${name}.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "${sse}"
    }
  }
}` : ''}
`;

describe('S3', () => {
  test('a private, encrypted bucket passes', async () => {
    assert.deepEqual(await rulesBroken(privateBucket()), []);
  });

  test('a bucket without a public access block is flagged', async () => {
    assert.deepEqual(await rulesBroken(privateBucket('uploads', { pab: false })), ['s3-public-access-blocked']);
  });

  test('a public access block that lets public policies through is flagged', async () => {
    assert.deepEqual(await rulesBroken(privateBucket('uploads', { pab: 'half' })), ['s3-public-access-blocked']);
  });

  test("another bucket's public access block does not cover this one", async () => {
    const hcl = privateBucket('uploads') + privateBucket('results', { pab: false });
    assert.deepEqual(await rulesBroken(hcl), ['s3-public-access-blocked']);
  });

  test('a bucket per key needs a public access block per key', async () => {
    const hcl = `
resource "aws_s3_bucket" "this" {
  for_each = toset(["uploads", "results"])
  bucket   = "frameflow-\${each.key}"
}
resource "aws_s3_bucket_public_access_block" "one" {
  bucket                  = aws_s3_bucket.this["uploads"].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}`;
    assert.deepEqual(await rulesBroken(hcl), ['s3-public-access-blocked']);
  });

  test('a public-read ACL is flagged', async () => {
    const hcl = privateBucket() + `
resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  acl    = "public-read"
}`;
    assert.deepEqual(await rulesBroken(hcl), ['s3-no-public-acl']);
  });

  test('a bucket without default encryption is flagged', async () => {
    assert.deepEqual(await rulesBroken(privateBucket('uploads', { sse: false })), ['s3-encrypted']);
  });

  test('an unknown encryption algorithm is flagged', async () => {
    assert.deepEqual(await rulesBroken(privateBucket('uploads', { sse: 'none' })), ['s3-encrypted']);
  });
});

const rdsModule = ({ encrypted = 'true', publicly = 'false', multiAz = 'var.multi_az', version = '"6.10.0"', backups = '7' } = {}) => `
variable "multi_az" {
  type    = bool
  default = false
}
module "db" {
  source              = "terraform-aws-modules/rds/aws"
  version             = ${version}
  identifier          = "frameflow"
  storage_encrypted   = ${encrypted}
  publicly_accessible = ${publicly}
  multi_az            = ${multiAz}
  backup_retention_period = ${backups}
}`;

describe('RDS', () => {
  test('a private, encrypted database passes', async () => {
    assert.deepEqual(await rulesBroken(rdsModule()), []);
  });

  test('an unencrypted database is flagged (module and plain resource)', async () => {
    assert.deepEqual(await rulesBroken(rdsModule({ encrypted: 'false' })), ['rds-encrypted']);
    const plain = `
resource "aws_db_instance" "db" {
  engine                  = "postgres"
  publicly_accessible     = false
  backup_retention_period = 7
}`;
    assert.deepEqual(await rulesBroken(plain), ['rds-encrypted']);
  });

  test('encryption hidden behind an unknown expression is flagged', async () => {
    assert.deepEqual(await rulesBroken(rdsModule({ encrypted: 'var.encrypted' })), ['rds-encrypted']);
  });

  test('a database without automated backups is flagged', async () => {
    assert.deepEqual(await rulesBroken(rdsModule({ backups: '0' })), ['rds-backups']);
  });

  test('a publicly accessible database is flagged', async () => {
    assert.deepEqual(await rulesBroken(rdsModule({ publicly: 'true' })), ['rds-private']);
  });

  test('a single-AZ database in prod is flagged, in dev it is allowed', async () => {
    assert.deepEqual(await rulesBroken(rdsModule(), 'prod'), ['rds-multi-az-in-prod']);
    assert.deepEqual(await rulesBroken(rdsModule(), 'dev'), []);
    assert.deepEqual(await rulesBroken(rdsModule({ multiAz: 'true' }), 'prod'), []);
  });

  test("prod's Multi-AZ is followed through the module that wraps the database", async () => {
    const files = (multiAz) => ({
      'prod/main.tf': `
module "database" {
  source   = "../modules/database"
  multi_az = ${multiAz}
}`,
      'modules/database/main.tf': rdsModule(),
    });
    assert.deepEqual(await rulesBroken(files('false'), 'prod'), ['rds-multi-az-in-prod']);
    assert.deepEqual(await rulesBroken(files('true'), 'prod'), []);
  });
});

const broker = ({ publicly = 'false', encryption = 'encryption_options {\n    use_aws_owned_key = true\n  }' } = {}) => `
resource "aws_mq_broker" "rabbit" {
  broker_name         = "frameflow"
  engine_type         = "RabbitMQ"
  publicly_accessible = ${publicly}
  ${encryption}
}`;

describe('Amazon MQ', () => {
  test('a private broker with stated encryption passes', async () => {
    assert.deepEqual(await rulesBroken(broker()), []);
  });

  test('a broker without encryption_options is flagged', async () => {
    assert.deepEqual(await rulesBroken(broker({ encryption: '' })), ['mq-encrypted']);
  });

  test('a customer key setting without the key is flagged', async () => {
    const encryption = 'encryption_options {\n    use_aws_owned_key = false\n  }';
    assert.deepEqual(await rulesBroken(broker({ encryption })), ['mq-encrypted']);
  });

  test('a publicly accessible broker is flagged', async () => {
    assert.deepEqual(await rulesBroken(broker({ publicly: 'true' })), ['mq-private']);
  });
});

const ecr = ({ mutability = 'IMMUTABLE', scan = 'true', lifecycle = true } = {}) => `
resource "aws_ecr_repository" "api" {
  name                 = "frameflow/api-gateway"
  image_tag_mutability = "${mutability}"
  image_scanning_configuration {
    scan_on_push = ${scan}
  }
}
${lifecycle ? `resource "aws_ecr_lifecycle_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy     = "{}"
}` : ''}`;

describe('ECR', () => {
  test('an immutable, scanned repository with a lifecycle policy passes', async () => {
    assert.deepEqual(await rulesBroken(ecr()), []);
  });

  test('mutable tags are flagged', async () => {
    assert.deepEqual(await rulesBroken(ecr({ mutability: 'MUTABLE' })), ['ecr-immutable-tags']);
  });

  test('no scan on push is flagged', async () => {
    assert.deepEqual(await rulesBroken(ecr({ scan: 'false' })), ['ecr-scan-on-push']);
  });

  test('a repository without a lifecycle policy is flagged', async () => {
    assert.deepEqual(await rulesBroken(ecr({ lifecycle: false })), ['ecr-lifecycle-policy']);
  });
});

const sg = (name) => `
resource "aws_security_group" "${name}" {
  name   = "${name}"
  vpc_id = "vpc-1"
}`;

const ingressRule = (group, port, cidr = '0.0.0.0/0') => `
resource "aws_vpc_security_group_ingress_rule" "${group}_${port}" {
  security_group_id = aws_security_group.${group}.id
  ip_protocol       = "tcp"
  from_port         = ${port}
  to_port           = ${port}
  cidr_ipv4         = "${cidr}"
}`;

describe('ingress from anywhere', () => {
  test("the load balancer's 443 is allowed", async () => {
    assert.deepEqual(await rulesBroken(sg('alb') + ingressRule('alb', 443)), []);
  });

  test('port 80 on the load balancer is flagged', async () => {
    assert.deepEqual(await rulesBroken(sg('alb') + ingressRule('alb', 80)), ['no-open-ingress']);
  });

  test('443 from anywhere on another security group is flagged', async () => {
    assert.deepEqual(await rulesBroken(sg('database') + ingressRule('database', 443)), ['no-open-ingress']);
  });

  test('PostgreSQL from anywhere over IPv6 is flagged', async () => {
    const hcl = sg('database') + ingressRule('database', 5432).replace('cidr_ipv4         = "0.0.0.0/0"', 'cidr_ipv6 = "::/0"');
    assert.deepEqual(await rulesBroken(hcl), ['no-open-ingress']);
  });

  test('a private range is allowed', async () => {
    assert.deepEqual(await rulesBroken(sg('database') + ingressRule('database', 5432, '10.0.0.0/16')), []);
  });

  test('inline and legacy rules are flagged too', async () => {
    const inline = `
resource "aws_security_group" "nodes" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}`;
    const legacy = sg('nodes') + `
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.nodes.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}`;
    assert.deepEqual(await rulesBroken(inline), ['no-open-ingress']);
    assert.deepEqual(await rulesBroken(legacy), ['no-open-ingress']);
  });

  test("an EKS node rule from anywhere, or an API endpoint open to all, is flagged", async () => {
    const eks = (extra) => `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.29.0"
  cluster_addons = {
    vpc-cni = {
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
  }
  ${extra}
}`;
    const nodeRule = `cluster_endpoint_public_access = false
  node_security_group_additional_rules = {
    nodeport = { type = "ingress", protocol = "tcp", from_port = 30000, to_port = 32767, cidr_blocks = ["0.0.0.0/0"] }
  }`;
    assert.deepEqual(await rulesBroken(eks(nodeRule)), ['no-open-ingress']);
    assert.deepEqual(await rulesBroken(eks('cluster_endpoint_public_access = true')), ['no-open-ingress']);
    assert.deepEqual(
      await rulesBroken(eks('cluster_endpoint_public_access_cidrs = ["0.0.0.0/0"]')),
      ['no-open-ingress'],
    );
    assert.deepEqual(await rulesBroken(eks('cluster_endpoint_public_access_cidrs = ["203.0.113.0/24"]')), []);
  });

  test('an open CIDR passed down from an environment is found in the module', async () => {
    const files = {
      'dev/main.tf': `
module "db" {
  source  = "../modules/db"
  clients = "0.0.0.0/0"
}`,
      'modules/db/main.tf': `
variable "clients" {
  type = string
}
resource "aws_security_group" "db" {}
resource "aws_vpc_security_group_ingress_rule" "db" {
  security_group_id = aws_security_group.db.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = var.clients
}`,
    };
    assert.deepEqual(await rulesBroken(files, 'dev'), ['no-open-ingress']);
  });
});

describe('external modules', () => {
  test('an unreviewed module source is flagged', async () => {
    const hcl = `
module "bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.1.0"
  acl     = "public-read"
}`;
    assert.deepEqual(await rulesBroken(hcl), ['external-modules-reviewed-and-pinned']);
  });

  test('a version range instead of a pinned version is flagged', async () => {
    assert.deepEqual(await rulesBroken(rdsModule({ version: '"~> 6.10"' })), ['external-modules-reviewed-and-pinned']);
  });
});

describe('Helm releases', () => {
  const release = (version) => `
resource "helm_release" "argo_cd" {
  name       = "argo-cd"
  repository = "https://argoproj.github.io/argo-helm"
  chart      = "argo-cd"
  ${version}
}`;

  test('a pinned chart passes', async () => {
    assert.deepEqual(await rulesBroken(release('version = "7.7.0"')), []);
  });

  test('a chart without a version, or with a range, is flagged', async () => {
    assert.deepEqual(await rulesBroken(release('')), ['helm-charts-pinned']);
    assert.deepEqual(await rulesBroken(release('version = ">= 7.0"')), ['helm-charts-pinned']);
  });
});

describe('EKS network policy', () => {
  const eks = (addons) => `
module "eks" {
  source                          = "terraform-aws-modules/eks/aws"
  version                         = "20.29.0"
  cluster_endpoint_public_access  = false
  ${addons}
}`;

  test('a VPC CNI with its network policy agent on passes', async () => {
    const on = `cluster_addons = {
    vpc-cni = {
      most_recent          = true
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
  }`;
    assert.deepEqual(await rulesBroken(eks(on)), []);
  });

  test('a VPC CNI without enableNetworkPolicy (NetworkPolicies not enforced) is flagged', async () => {
    const off = `cluster_addons = {
    vpc-cni = {
      most_recent = true
    }
  }`;
    assert.deepEqual(await rulesBroken(eks(off)), ['eks-network-policy-enforced']);
    const disabled = `cluster_addons = {
    vpc-cni = {
      configuration_values = jsonencode({ enableNetworkPolicy = "false" })
    }
  }`;
    assert.deepEqual(await rulesBroken(eks(disabled)), ['eks-network-policy-enforced']);
  });

  test('a cluster without the vpc-cni add-on is flagged', async () => {
    assert.deepEqual(await rulesBroken(eks('')), ['eks-network-policy-enforced']);
  });
});

describe('RabbitMQ users', () => {
  const user = ({ tags = '[]', configure = '"^(frameflow\\\\.events)$"', topic = true } = {}) => `
resource "rabbitmq_user" "svc" {
  name     = "svc"
  password = "not-a-real-one"
  tags     = ${tags}
}
resource "rabbitmq_permissions" "svc" {
  user  = rabbitmq_user.svc.name
  vhost = "/"
  permissions {
    configure = ${configure}
    write     = "^frameflow\\\\.events$"
    read      = ""
  }
}
${topic ? `resource "rabbitmq_topic_permissions" "svc" {
  user  = rabbitmq_user.svc.name
  vhost = "/"
  permissions {
    exchange = "frameflow.events"
    write    = "^video\\\\.status$"
    read     = "^video\\\\.uploaded$"
  }
}` : ''}`;

  test('a user with anchored permissions and routing keys passes', async () => {
    assert.deepEqual(await rulesBroken(user()), []);
  });

  test('a user that may configure everything is flagged', async () => {
    assert.deepEqual(await rulesBroken(user({ configure: '".*"' })), ['rabbitmq-users-least-privilege']);
  });

  test('a user without topic permissions (any routing key) is flagged', async () => {
    assert.deepEqual(await rulesBroken(user({ topic: false })), ['rabbitmq-users-least-privilege']);
  });

  test('a service user with the administrator tag is flagged', async () => {
    assert.deepEqual(await rulesBroken(user({ tags: '["administrator"]' })), ['rabbitmq-users-least-privilege']);
  });
});
