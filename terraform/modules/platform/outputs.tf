# What the Kustomize overlays and Helm values need (see docs/delivery.md, step 5).
output "cluster_name" {
  value = module.cluster.cluster_name
}

output "cluster_endpoint" {
  value = module.cluster.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  value = module.cluster.cluster_certificate_authority_data
}

output "api_gateway_role_arn" {
  description = "ServiceAccount frameflow-api-gateway: eks.amazonaws.com/role-arn"
  value       = module.pod_roles.api_gateway_role_arn
}

output "operator_role_arn" {
  description = "ServiceAccount frameflow-operator: eks.amazonaws.com/role-arn"
  value       = module.pod_roles.operator_role_arn
}

output "upload_bucket" {
  description = "FRAMEFLOW_S3_UPLOAD_BUCKET"
  value       = module.storage.upload_bucket
}

output "result_bucket" {
  description = "FRAMEFLOW_S3_RESULT_BUCKET"
  value       = module.storage.result_bucket
}

output "region" {
  description = "FRAMEFLOW_S3_REGION"
  value       = var.region
}

output "datasource_url" {
  description = "SPRING_DATASOURCE_URL"
  value       = module.database.jdbc_url
}

output "broker_host" {
  description = "SPRING_RABBITMQ_HOST (with SPRING_RABBITMQ_PORT=5671, SPRING_RABBITMQ_SSL_ENABLED=true)"
  value       = module.broker.host
}

output "broker_port" {
  description = "SPRING_RABBITMQ_PORT"
  value       = module.broker.port
}

output "broker_management_url" {
  description = "Endpoint of the rabbitmq provider (the broker's management API, https)"
  value       = module.broker.console_url
}

output "broker_admin_username" {
  description = "Administrator for the rabbitmq provider only; never given to a pod"
  value       = module.broker.admin_username
}

output "broker_admin_secret_arn" {
  description = "The administrator's entry: the rabbitmq provider reads it (ephemeral), scripts/rotate-broker-password writes it"
  value       = module.broker.admin_secret_arn
}

output "broker_users" {
  description = "RabbitMQ user of each service: scripts/rotate-broker-password's USERNAME"
  value = {
    "rabbitmq-api-gateway" = module.broker_users.api_gateway_username
    "rabbitmq-operator"    = module.broker_users.operator_username
  }
}

output "load_balancer_subnet_cidrs" {
  description = "The ALB's subnets: the api-gateway NetworkPolicy's ipBlocks and SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"
  value       = module.network.public_subnet_cidrs
}

output "smtp" {
  description = "SPRING_MAIL_HOST / SPRING_MAIL_PORT / FRAMEFLOW_MAIL_FROM, or null without email"
  value       = one(module.email[*].smtp)
}

output "secret_names" {
  description = "Kubernetes Secret -> Secrets Manager entry (remoteRef.key of its ExternalSecret); frameflow-postgresql is RDS's own entry (an ARN)"
  value = merge(
    { for k, name in module.secrets.names : "frameflow-${k}" => name },
    { "frameflow-postgresql" = module.database.master_user_secret_arn }
  )
}

output "smtp_iam_user" {
  description = "scripts/rotate-ses-smtp-key's IAM_USER, or null without email"
  value       = one(module.email[*].smtp_iam_user)
}

output "alb_security_group_id" {
  description = "Ingress annotation alb.ingress.kubernetes.io/security-groups"
  value       = module.cluster.alb_security_group_id
}

output "certificate_arn" {
  description = "Ingress annotation alb.ingress.kubernetes.io/certificate-arn"
  value       = module.cluster.certificate_arn
}

output "certificate_validation_records" {
  value = module.cluster.certificate_validation_records
}

output "external_secrets_role_arn" {
  value = module.cluster_addons.external_secrets_role_arn
}

output "ses_dkim_records" {
  value = flatten(module.email[*].dkim_records)
}

output "s3_endpoint_subnet_cidrs" {
  description = "S3's addresses inside the VPC: networkPolicy.s3 (chart) and the overlays' extractor egress"
  value       = module.network.s3_endpoint_subnet_cidrs
}
