# Three availability zones, public subnets for the load balancers, private subnets for the nodes
# and pods, and database subnets for RDS and Amazon MQ. Private subnets reach the internet
# through NAT (one gateway in dev to save cost, one per zone in prod so a zone outage does not
# cut the others off).
data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.19.0"

  name = var.name
  cidr = var.cidr
  azs  = local.azs

  # /20 per private subnet (pods take VPC addresses with the VPC CNI), /24 for the others.
  private_subnets  = [for i in range(3) : cidrsubnet(var.cidr, 4, i)]
  public_subnets   = [for i in range(3) : cidrsubnet(var.cidr, 8, 48 + i)]
  database_subnets = [for i in range(3) : cidrsubnet(var.cidr, 8, 52 + i)]

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway

  enable_dns_hostnames = true
  enable_dns_support   = true

  create_database_subnet_group       = true
  create_database_subnet_route_table = true

  # The default security group keeps no rules: nothing may use it by accident.
  manage_default_security_group  = true
  default_security_group_ingress = []
  default_security_group_egress  = []

  enable_flow_log                      = var.enable_flow_log
  create_flow_log_cloudwatch_log_group = var.enable_flow_log
  create_flow_log_cloudwatch_iam_role  = var.enable_flow_log

  # Tags the AWS Load Balancer Controller uses to find subnets for internet-facing and
  # internal load balancers.
  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1"
  }
  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = "1"
  }

  tags = var.tags
}
