output "role_arn" {
  description = "GitHub variable AWS_ECR_PUSH_ROLE_ARN"
  value       = aws_iam_role.ecr_push.arn
}
