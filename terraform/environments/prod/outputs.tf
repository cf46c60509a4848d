output "frameflow" {
  description = "Role ARNs, bucket names, endpoints and secret names for the Kustomize overlay and Helm values"
  value       = module.frameflow
}
