# Amazon MQ for RabbitMQ: private (no public endpoint, reachable from the EKS nodes only, AMQP
# over TLS on 5671), encrypted at rest. One instance in dev, a three-node cluster over three
# availability zones in prod.
#
# The administrator's password is no Terraform value. Amazon MQ needs one to create the broker and
# the AWS provider offers no write-only argument for it, so the broker is created with a one-time
# bootstrap password (a UUID, drawn at creation and never planned again: ignore_changes), which is
# also written, write-only, as the first version of the entry frameflow/<env>/rabbitmq-admin.
# scripts/rotate-broker-password replaces it right after the first apply and then on demand
# (RabbitMQ's management API; Amazon MQ's user API does not manage RabbitMQ users), so the copy
# the state keeps of the creation request is a password that no longer opens anything.
resource "aws_security_group" "broker" {
  name_prefix = "${var.name}-mq-"
  description = "Amazon MQ (RabbitMQ), reachable from the EKS nodes only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-mq" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "amqps_from_nodes" {
  security_group_id            = aws_security_group.broker.id
  description                  = "AMQP over TLS from the EKS nodes and pods"
  ip_protocol                  = "tcp"
  from_port                    = 5671
  to_port                      = 5671
  referenced_security_group_id = var.client_security_group_id
}

resource "aws_mq_broker" "this" {
  broker_name        = var.name
  engine_type        = "RabbitMQ"
  engine_version     = var.engine_version
  host_instance_type = var.instance_type
  deployment_mode    = var.cluster ? "CLUSTER_MULTI_AZ" : "SINGLE_INSTANCE"
  subnet_ids         = var.cluster ? var.subnet_ids : [var.subnet_ids[0]]
  security_groups    = [aws_security_group.broker.id]

  publicly_accessible        = false
  auto_minor_version_upgrade = true

  # Amazon MQ for RabbitMQ encrypts at rest with an AWS owned KMS key (customer managed keys
  # are an ActiveMQ-only option); stated here so the policy test can see it.
  encryption_options {
    use_aws_owned_key = true
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "03:00"
    time_zone   = "UTC"
  }

  # The administrator, for Terraform's rabbitmq provider only (modules/broker-users).
  user {
    username = var.username
    password = uuid()
  }

  tags = var.tags

  lifecycle {
    # Amazon MQ reports no RabbitMQ user and the provider cannot change one: the password lives
    # in rabbitmq-admin, rotated by scripts/rotate-broker-password
    ignore_changes = [user]
  }
}

# The administrator's entry, read by the root's rabbitmq provider through an ephemeral resource
# (never stored). Not one of the pods' entries: External Secrets may not read it.
resource "aws_secretsmanager_secret" "admin" {
  name                    = var.admin_secret_name
  description             = "Amazon MQ administrator of ${var.name} (Terraform's rabbitmq provider); written by scripts/rotate-broker-password"
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

# The bootstrap login, written once and write-only (secret_string_wo: no state, no plan holds it).
# The next version, scripts/rotate-broker-password's, takes AWSCURRENT from it. A replaced broker
# has a new bootstrap: this version is written again, and the script run again.
resource "aws_secretsmanager_secret_version" "admin_bootstrap" {
  secret_id = aws_secretsmanager_secret.admin.id
  secret_string_wo = jsonencode({
    username = var.username
    password = one(aws_mq_broker.this.user[*].password)
  })
  secret_string_wo_version = 1

  lifecycle {
    replace_triggered_by = [aws_mq_broker.this.id]
  }
}

locals {
  # "amqps://b-1234.mq.eu-west-1.amazonaws.com:5671" -> host
  endpoint = aws_mq_broker.this.instances[0].endpoints[0]
  host     = regex("^amqps://([^:]+):", local.endpoint)[0]
}
