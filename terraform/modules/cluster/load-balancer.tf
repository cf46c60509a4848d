# The one security group open to the internet: HTTPS on the ALB that the AWS Load Balancer
# Controller creates for the api-gateway Ingress (annotation
# alb.ingress.kubernetes.io/security-groups: <alb_security_group_id>). No port 80: clients use
# HTTPS only.
resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  description = "Internet-facing ALB of the api-gateway: HTTPS in, HTTP to the pods"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_pods" {
  security_group_id            = aws_security_group.alb.id
  description                  = "HTTP to the api-gateway pods"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = module.eks.node_security_group_id
}

# The ALB's TLS certificate for the API's host name, validated through DNS: publish the records
# of certificate_validation_records (or let Route 53 do it), then the Ingress names it with
# alb.ingress.kubernetes.io/certificate-arn.
resource "aws_acm_certificate" "api" {
  count = var.api_domain == null ? 0 : 1

  domain_name       = var.api_domain
  validation_method = "DNS"
  tags              = var.tags

  lifecycle {
    create_before_destroy = true
  }
}
