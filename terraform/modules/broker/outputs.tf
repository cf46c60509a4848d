output "host" {
  description = "SPRING_RABBITMQ_HOST"
  value       = local.host
}

output "port" {
  description = "SPRING_RABBITMQ_PORT (TLS)"
  value       = 5671
}

# The administrator: only Terraform uses it (the rabbitmq provider makes the per-service users,
# modules/broker-users); no pod gets it. Its entry, once it holds a login (the bootstrap version
# is written before this output is known).
output "admin_username" {
  value = var.username
}

output "admin_secret_arn" {
  value      = aws_secretsmanager_secret.admin.arn
  depends_on = [aws_secretsmanager_secret_version.admin_bootstrap]
}

output "console_url" {
  description = "Management UI and HTTP API (https, 443): the rabbitmq provider's endpoint"
  value       = aws_mq_broker.this.instances[0].console_url
}
