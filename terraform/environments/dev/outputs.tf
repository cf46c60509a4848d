output "frameflow" {
  description = "Role ARNs, bucket names, endpoints and secret names for the Kustomize overlay and Helm values"
  # no secret among them: entry names and ARNs only
  value = module.frameflow
}
