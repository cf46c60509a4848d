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
#
# The administrator's login is read from its Secrets Manager entry by an ephemeral resource: it
# configures the provider and is never written to the state or a plan.
# scripts/rotate-broker-password writes that entry (the broker's bootstrap login until its first
# run).
ephemeral "aws_secretsmanager_secret_version" "broker_admin" {
  secret_id = module.frameflow.broker_admin_secret_arn
}

locals {
  broker_admin = jsondecode(ephemeral.aws_secretsmanager_secret_version.broker_admin.secret_string)
}

provider "rabbitmq" {
  endpoint = module.frameflow.broker_management_url
  username = local.broker_admin.username
  password = local.broker_admin.password
}
