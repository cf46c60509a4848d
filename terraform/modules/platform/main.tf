# One Frameflow environment on AWS: network, cluster and its add-ons, database, broker, buckets,
# pod roles, secrets and optional email. environments/dev and environments/prod call this with
# their sizes; everything that must hold in both (privacy, encryption) is fixed in the modules,
# not left to a variable.
locals {
  name = "frameflow-${var.environment}"
  tags = merge(var.tags, {
    Project     = "frameflow"
    Environment = var.environment
  })
}

module "network" {
  source = "../network"

  name               = local.name
  cidr               = var.vpc_cidr
  endpoint_subnets   = var.endpoint_subnets
  single_nat_gateway = var.single_nat_gateway
  tags               = local.tags
}

module "cluster" {
  source = "../cluster"

  name               = local.name
  kubernetes_version = var.kubernetes_version
  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids
  api_allowed_cidrs  = var.api_allowed_cidrs
  admin_role_arns    = var.cluster_admin_role_arns
  viewer_role_arns   = var.cluster_viewer_role_arns
  api_domain         = var.api_domain

  node_instance_types = var.node_instance_types
  node_capacity_type  = var.node_capacity_type
  node_min_size       = var.node_min_size
  node_max_size       = var.node_max_size
  node_desired_size   = var.node_desired_size
  graviton_node_group = var.graviton_node_group

  tags = local.tags
}

module "storage" {
  source = "../storage"

  name               = local.name
  upload_expiry_days = var.upload_expiry_days
  result_expiry_days = var.result_expiry_days
  force_destroy      = var.force_destroy_buckets
  tags               = local.tags
}

module "pod_roles" {
  source = "../pod-roles"

  name                = local.name
  namespace           = var.kubernetes_namespace
  oidc_provider_arn   = module.cluster.oidc_provider_arn
  oidc_provider       = module.cluster.oidc_provider
  upload_bucket_arn   = module.storage.upload_bucket_arn
  result_bucket_arn   = module.storage.result_bucket_arn
  storage_kms_key_arn = module.storage.kms_key_arn
  tags                = local.tags
}

module "database" {
  source = "../database"

  name                     = local.name
  vpc_id                   = module.network.vpc_id
  db_subnet_group_name     = module.network.database_subnet_group_name
  client_security_group_id = module.cluster.node_security_group_id
  instance_class           = var.database_instance_class
  multi_az                 = var.database_multi_az
  backup_retention_days    = var.database_backup_retention_days
  deletion_protection      = var.deletion_protection
  tags                     = local.tags
}

module "broker" {
  source = "../broker"

  name                     = local.name
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.private_subnet_ids
  client_security_group_id = module.cluster.node_security_group_id
  instance_type            = var.broker_instance_type
  cluster                  = var.broker_cluster
  admin_secret_name        = "frameflow/${var.environment}/rabbitmq-admin"
  tags                     = local.tags
}

# The services' own broker users (rabbitmq provider, configured by the root with the
# administrator of module.broker).
module "broker_users" {
  source = "../broker-users"

  name = local.name
}

module "email" {
  source = "../email"
  count  = var.mail_domain == null ? 0 : 1

  name         = local.name
  domain       = var.mail_domain
  from_address = "no-reply@${var.mail_domain}"
  tags         = local.tags
}

# Empty entries for the pods' logins; scripts write the values (modules/secrets).
module "secrets" {
  source = "../secrets"

  prefix       = "frameflow/${var.environment}"
  smtp_enabled = var.mail_domain != null
  tags         = local.tags
}

module "cluster_addons" {
  source = "../cluster-addons"

  cluster_name                      = module.cluster.cluster_name
  region                            = var.region
  vpc_id                            = module.network.vpc_id
  oidc_provider_arn                 = module.cluster.oidc_provider_arn
  load_balancer_controller_role_arn = module.cluster.load_balancer_controller_role_arn
  # the pods' entries and RDS's own entry of the database login; not the broker administrator's
  secret_arns = concat(module.secrets.arns, [module.database.master_user_secret_arn])
  tags        = local.tags
}
