# Helm talks to the cluster this stack creates, with a token from the AWS CLI (the identity
# running Terraform must be in api_allowed_cidrs' reach and a cluster admin).
provider "helm" {
  kubernetes {
    host                   = module.frameflow.cluster_endpoint
    cluster_ca_certificate = base64decode(module.frameflow.cluster_certificate_authority_data)
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.frameflow.cluster_name, "--region", var.region]
    }
  }
}
