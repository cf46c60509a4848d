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
  # /28 per zone for interface VPC endpoints and nothing else, so that a NetworkPolicy can name
  # "S3" as these addresses (see aws_vpc_endpoint.s3).
  intra_subnets = var.endpoint_subnets

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

# S3 through an interface endpoint with private DNS for the whole VPC (no gateway endpoint: with
# private DNS for the whole VPC the S3 names resolve to the interface endpoint, so a gateway
# endpoint's routes would carry nothing): every pod that resolves
# <bucket>.s3.<region>.amazonaws.com gets an address in the endpoint subnets. NetworkPolicy cannot
# name an AWS prefix list or a DNS name; it can name these /28s, so the extraction pods' egress on
# 443 is S3 and nothing else (kustomize/overlays/*/patches/networkpolicies.yaml, the chart's
# networkPolicy.s3 in values-prod.yaml).
data "aws_region" "current" {}

resource "aws_security_group" "s3_endpoint" {
  name_prefix = "${var.name}-s3-endpoint-"
  description = "HTTPS from the VPC to the S3 interface endpoint"
  vpc_id      = module.vpc.vpc_id
  tags        = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "s3_endpoint_https" {
  security_group_id = aws_security_group.s3_endpoint.id
  description       = "HTTPS from the VPC (nodes and pods)"
  cidr_ipv4         = var.cidr
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id              = module.vpc.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = module.vpc.intra_subnets
  security_group_ids  = [aws_security_group.s3_endpoint.id]
  private_dns_enabled = true

  dns_options {
    dns_record_ip_type = "ipv4"
    # the VPC's own resolver answers with the endpoint too, not only an inbound resolver endpoint
    private_dns_only_for_inbound_resolver_endpoint = false
  }

  tags = merge(var.tags, { Name = "${var.name}-s3" })
}

# STS through an interface endpoint with private DNS: the operator and the api-gateway get their
# credentials by IRSA (AssumeRoleWithWebIdentity at sts.<region>.amazonaws.com, the regional
# endpoint the AWS SDK v2 and the EKS webhook's AWS_STS_REGIONAL_ENDPOINTS use), and their
# NetworkPolicies allow 443 to the VPC's range only, not the internet. An interface endpoint keeps
# IRSA as it is (trust policies, ServiceAccount annotations, the test rig's STS stand-in) and puts
# STS inside that range; EKS Pod Identity would need its node agent add-on, a NetworkPolicy
# exception to the agent's link-local address, the agent's own route to the EKS Auth API and new
# trust policies, for no gain here. The endpoint's addresses are in the private subnets, not the
# endpoint subnets: those stay S3 and nothing else, so the extraction pods (no credentials; their
# only egress on 443 is those subnets) cannot reach STS.
resource "aws_security_group" "sts_endpoint" {
  name_prefix = "${var.name}-sts-endpoint-"
  description = "HTTPS from the VPC to the STS interface endpoint"
  vpc_id      = module.vpc.vpc_id
  tags        = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "sts_endpoint_https" {
  security_group_id = aws_security_group.sts_endpoint.id
  description       = "HTTPS from the VPC (nodes and pods)"
  cidr_ipv4         = var.cidr
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_endpoint" "sts" {
  vpc_id              = module.vpc.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.sts"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = module.vpc.private_subnets
  security_group_ids  = [aws_security_group.sts_endpoint.id]
  private_dns_enabled = true

  tags = merge(var.tags, { Name = "${var.name}-sts" })
}
