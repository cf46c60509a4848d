terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.88: write-only secret_string_wo (Terraform 1.11)
      version = "~> 5.88"
    }
  }
}
