# Amazon MQ for RabbitMQ: private (no public endpoint, reachable from the EKS nodes only, AMQP
# over TLS on 5671), encrypted at rest. One instance in dev, a three-node cluster over three
# availability zones in prod.
resource "random_password" "broker" {
  length = 32
  # Amazon MQ refuses commas, colons, equals signs and spaces
  special = false
}

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
    password = random_password.broker.result
  }

  tags = var.tags
}

locals {
  # "amqps://b-1234.mq.eu-west-1.amazonaws.com:5671" -> host
  endpoint = aws_mq_broker.this.instances[0].endpoints[0]
  host     = regex("^amqps://([^:]+):", local.endpoint)[0]
}
