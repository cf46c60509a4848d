output "host" {
  description = "SPRING_RABBITMQ_HOST"
  value       = local.host
}

output "port" {
  description = "SPRING_RABBITMQ_PORT (TLS)"
  value       = 5671
}

# The administrator: only Terraform uses it (the rabbitmq provider makes the per-service users,
# modules/broker-users); no pod gets it.
output "admin_username" {
  value = var.username
}

output "admin_password" {
  value     = random_password.broker.result
  sensitive = true
}

output "console_url" {
  description = "Management UI and HTTP API (https, 443): the rabbitmq provider's endpoint"
  value       = aws_mq_broker.this.instances[0].console_url
}
