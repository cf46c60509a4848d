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

# RabbitMQ users of the services (modules/broker-users), made through the Amazon MQ broker's
# management API with its administrator. The broker is private: like the Helm provider, this needs
# a runner that reaches the VPC (docs/delivery.md, "Known limits").
provider "rabbitmq" {
  endpoint = module.frameflow.broker_management_url
  username = module.frameflow.broker_admin_username
  password = module.frameflow.broker_admin_password
}
