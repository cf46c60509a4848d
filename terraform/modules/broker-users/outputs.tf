output "api_gateway_username" {
  value = rabbitmq_user.api_gateway.name
}

output "api_gateway_password" {
  value     = random_password.api_gateway.result
  sensitive = true
}

output "operator_username" {
  value = rabbitmq_user.operator.name
}

output "operator_password" {
  value     = random_password.operator.result
  sensitive = true
}
