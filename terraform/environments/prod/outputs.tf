output "frameflow" {
  description = "Role ARNs, bucket names, endpoints and secret names for the Kustomize overlay and Helm values"
  # everything but the broker administrator's password (Terraform's own, for the rabbitmq provider)
  value = { for name, value in module.frameflow : name => value if name != "broker_admin_password" }
}
