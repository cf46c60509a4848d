# User names only: the passwords are set by scripts/rotate-broker-password, outside Terraform.
output "api_gateway_username" {
  value = rabbitmq_user.api_gateway.name
}

output "operator_username" {
  value = rabbitmq_user.operator.name
}
