# The dev environment: small and cheap (one NAT gateway, a single-AZ database, a single-instance
# broker, spot nodes), still private and encrypted like prod. Argo CD here syncs
# kustomize/overlays/dev, which the image workflow updates on every push to main.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "frameflow"
      Environment = "dev"
      ManagedBy   = "terraform"
    }
  }
}

module "frameflow" {
  source = "../../modules/platform"

  environment = "dev"
  region      = var.region
  vpc_cidr    = "10.10.0.0/16"
  # the S3 interface endpoint's subnets: the extractor's NetworkPolicy names exactly these
  endpoint_subnets        = ["10.10.56.0/28", "10.10.56.16/28", "10.10.56.32/28"]
  single_nat_gateway      = true
  api_allowed_cidrs       = var.api_allowed_cidrs
  cluster_admin_role_arns = var.cluster_admin_role_arns
  # the plan role reads the cluster (Helm releases), nothing more
  cluster_viewer_role_arns = var.cluster_viewer_role_arns

  node_instance_types = ["m6i.large", "m5.large"]
  node_capacity_type  = "SPOT"
  node_min_size       = 1
  node_max_size       = 4
  node_desired_size   = 2
  # Graviton (arm64) nodes beside the default ones: off unless terraform.tfvars enables them
  graviton_node_group = var.graviton_node_group

  upload_expiry_days    = 7
  result_expiry_days    = 7
  force_destroy_buckets = true

  database_instance_class        = "db.t4g.micro"
  database_multi_az              = false
  database_backup_retention_days = 3
  deletion_protection            = false

  broker_instance_type = "mq.t3.micro"
  broker_cluster       = false

  api_domain  = var.api_domain
  mail_domain = var.mail_domain
}
