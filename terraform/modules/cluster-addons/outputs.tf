output "external_secrets_role_arn" {
  value = module.external_secrets_irsa.iam_role_arn
}

output "argo_cd_namespace" {
  value = helm_release.argo_cd.namespace
}
