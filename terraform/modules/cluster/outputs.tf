output "cluster_name" {
  value = module.eks.cluster_name
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  value = module.eks.cluster_certificate_authority_data
}

output "oidc_provider_arn" {
  description = "IAM OIDC provider of the cluster, the trust anchor of IRSA roles"
  value       = module.eks.oidc_provider_arn
}

output "oidc_provider" {
  description = "Issuer host and path (no scheme), the prefix of IRSA condition keys"
  value       = module.eks.oidc_provider
}

output "node_security_group_id" {
  description = "Security group of the nodes and pods; RDS and Amazon MQ admit it"
  value       = module.eks.node_security_group_id
}

output "alb_security_group_id" {
  description = "For the Ingress annotation alb.ingress.kubernetes.io/security-groups"
  value       = aws_security_group.alb.id
}

output "load_balancer_controller_role_arn" {
  value = module.load_balancer_controller_irsa.iam_role_arn
}

output "certificate_arn" {
  description = "For the Ingress annotation alb.ingress.kubernetes.io/certificate-arn (null without api_domain)"
  value       = one(aws_acm_certificate.api[*].arn)
}

output "certificate_validation_records" {
  description = "DNS records that prove ownership of api_domain to ACM"
  value = flatten([
    for cert in aws_acm_certificate.api : [
      for o in cert.domain_validation_options : "${o.resource_record_name} ${o.resource_record_type} ${o.resource_record_value}"
    ]
  ])
}
