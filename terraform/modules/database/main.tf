# PostgreSQL for the api-gateway: private (database subnets, no public address, reachable only
# from the cluster's nodes), encrypted at rest, TLS required, automated backups, Multi-AZ where
# the environment asks for it.
#
# The master password is RDS's own (manage_master_user_password): RDS generates it, keeps it in a
# Secrets Manager entry of its own (rds!db-..., {"username", "password"}) and rotates it on the
# schedule below, so neither this configuration, its plans nor its state ever hold it. External
# Secrets copies that entry into the Secret frameflow-postgresql (output master_user_secret_arn).

resource "aws_security_group" "database" {
  name_prefix = "${var.name}-db-"
  description = "PostgreSQL, reachable from the EKS nodes only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "database_from_nodes" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from the EKS nodes and pods"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.client_security_group_id
}

module "rds" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.10.0"

  identifier = var.name

  engine               = "postgres"
  engine_version       = var.engine_version
  family               = "postgres${var.engine_version}"
  major_engine_version = var.engine_version
  instance_class       = var.instance_class

  storage_type          = "gp3"
  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_encrypted     = true

  db_name                     = var.database_name
  username                    = var.username
  manage_master_user_password = true
  port                        = 5432

  # RDS rotates the password itself; the api-gateway reads it at start, so a rotation is followed
  # by a restart of the api-gateway (docs/deployment.md, "Rotation"): at a set time, not on RDS's
  # default of every 7 days at an unknown hour.
  manage_master_user_password_rotation              = true
  master_user_password_rotate_immediately           = false
  master_user_password_rotation_schedule_expression = var.password_rotation_schedule
  master_user_password_rotation_duration            = "2h"

  multi_az               = var.multi_az
  publicly_accessible    = false
  create_db_subnet_group = false
  db_subnet_group_name   = var.db_subnet_group_name
  vpc_security_group_ids = [aws_security_group.database.id]

  backup_retention_period = var.backup_retention_days
  backup_window           = "03:00-04:00"
  maintenance_window      = "Mon:04:30-Mon:05:30"
  copy_tags_to_snapshot   = true
  deletion_protection     = var.deletion_protection
  skip_final_snapshot     = !var.deletion_protection

  # Performance Insights is not offered on the micro and small classes dev uses
  performance_insights_enabled = !can(regex("\\.(micro|small)$", var.instance_class))

  # PostgreSQL has no options to set: no option group
  create_db_option_group = false

  parameters = [
    {
      name  = "rds.force_ssl"
      value = "1"
    }
  ]

  tags = var.tags
}
