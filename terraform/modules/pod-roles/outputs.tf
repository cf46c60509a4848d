output "api_gateway_role_arn" {
  description = "eks.amazonaws.com/role-arn of ServiceAccount frameflow-api-gateway"
  value       = aws_iam_role.this["api-gateway"].arn
}

output "operator_role_arn" {
  description = "eks.amazonaws.com/role-arn of ServiceAccount frameflow-operator"
  value       = aws_iam_role.this["operator"].arn
}
