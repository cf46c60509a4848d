terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.88: ephemeral aws_secretsmanager_secret_version and write-only secret_string_wo
      version = "~> 5.88"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 2.17"
    }
    rabbitmq = {
      source  = "cyrilgdn/rabbitmq"
      version = "~> 1.8"
    }
  }
}
