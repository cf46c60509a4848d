# The prod environment: everything spread over three availability zones (a NAT gateway per zone,
# Multi-AZ PostgreSQL, a three-node broker cluster, on-demand nodes), longer backups, deletion
# protection. Argo CD here syncs kustomize/overlays/prod, which changes only through a reviewed
# pull request (opened by the image workflow for each release tag).
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "frameflow"
      Environment = "prod"
      ManagedBy   = "terraform"
    }
  }
}

module "frameflow" {
  source = "../../modules/platform"

  environment = "prod"
  region      = var.region
  vpc_cidr    = "10.20.0.0/16"
  # the S3 interface endpoint's subnets: the extractor's NetworkPolicy names exactly these
  endpoint_subnets        = ["10.20.56.0/28", "10.20.56.16/28", "10.20.56.32/28"]
  single_nat_gateway      = false
  api_allowed_cidrs       = var.api_allowed_cidrs
  cluster_admin_role_arns = var.cluster_admin_role_arns
  # the plan role reads the cluster (Helm releases), nothing more
  cluster_viewer_role_arns = var.cluster_viewer_role_arns

  node_instance_types = ["m6i.xlarge"]
  node_capacity_type  = "ON_DEMAND"
  node_min_size       = 3
  node_max_size       = 12
  node_desired_size   = 3
  # Graviton (arm64) nodes beside the default ones: off unless terraform.tfvars enables them
  graviton_node_group = var.graviton_node_group

  upload_expiry_days    = 30
  result_expiry_days    = 30
  force_destroy_buckets = false

  database_instance_class        = "db.m6g.large"
  database_multi_az              = true
  database_backup_retention_days = 14
  deletion_protection            = true

  broker_instance_type = "mq.m5.large"
  broker_cluster       = true

  api_domain  = var.api_domain
  mail_domain = var.mail_domain
}
