output "host" {
  description = "SPRING_RABBITMQ_HOST"
  value       = local.host
}

output "port" {
  description = "SPRING_RABBITMQ_PORT (TLS)"
  value       = 5671
}

output "username" {
  value = var.username
}

output "password" {
  value     = random_password.broker.result
  sensitive = true
}

output "console_url" {
  value = aws_mq_broker.this.instances[0].console_url
}
