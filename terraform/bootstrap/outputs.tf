output "state_bucket" {
  description = "GitHub variable TF_STATE_BUCKET; bucket of every backend.hcl"
  value       = module.state_bucket.id
}

output "github_oidc_provider_arn" {
  value = aws_iam_openid_connect_provider.github.arn
}

output "terraform_plan_role_arn" {
  description = "GitHub variable AWS_TERRAFORM_PLAN_ROLE_ARN"
  value       = aws_iam_role.terraform_plan.arn
}

output "terraform_apply_role_arn" {
  description = "GitHub variable AWS_TERRAFORM_APPLY_ROLE_ARN"
  value       = aws_iam_role.terraform_apply.arn
}
