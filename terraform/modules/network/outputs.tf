output "vpc_id" {
  value = module.vpc.vpc_id
}

output "vpc_cidr" {
  value = module.vpc.vpc_cidr_block
}

output "private_subnet_ids" {
  value = module.vpc.private_subnets
}

output "public_subnet_ids" {
  value = module.vpc.public_subnets
}

output "public_subnet_cidrs" {
  description = "Where the internet-facing ALB's addresses come from (NetworkPolicy, trusted proxies)"
  value       = module.vpc.public_subnets_cidr_blocks
}

output "database_subnet_ids" {
  value = module.vpc.database_subnets
}

output "database_subnet_group_name" {
  value = module.vpc.database_subnet_group_name
}

output "availability_zones" {
  value = local.azs
}

output "s3_endpoint_subnet_cidrs" {
  description = "S3's addresses inside the VPC (the interface endpoint's subnets): the extraction pods' only egress on 443"
  value       = module.vpc.intra_subnets_cidr_blocks
}
