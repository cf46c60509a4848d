output "registry" {
  description = "GitHub variable ECR_REGISTRY; the <registry> of the Kustomize image names"
  value       = module.ecr.registry
}

output "repository_urls" {
  value = module.ecr.repository_urls
}

output "ecr_push_role_arn" {
  description = "GitHub variable AWS_ECR_PUSH_ROLE_ARN"
  value       = module.github_ci.role_arn
}
