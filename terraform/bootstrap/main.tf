# Run once per AWS account, by hand, with administrator credentials (see docs/delivery.md):
# creates what every other stack needs before it can run from CI.
#   - the S3 bucket holding all Terraform state (versioned, encrypted, private; locking uses
#     S3's native lock files, so there is no DynamoDB table);
#   - GitHub's OIDC provider, so workflows get short-lived AWS credentials and no static keys;
#   - the roles terraform.yml assumes: plan (read-only, pull requests and main) and apply
#     (GitHub environments dev and prod only, which carry the approval rules).
# Its own state is local: keep terraform.tfstate safe, or move it into the bucket afterwards
# (uncomment backend.tf and run terraform init -migrate-state).
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "frameflow"
      ManagedBy = "terraform/bootstrap"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  state_bucket = "${var.state_bucket_prefix}-${data.aws_caller_identity.current.account_id}"
}

resource "aws_kms_key" "state" {
  description         = "Terraform state of Frameflow"
  enable_key_rotation = true
}

module "state_bucket" {
  source = "../modules/private-bucket"

  name        = local.state_bucket
  kms_key_arn = aws_kms_key.state.arn
  versioning  = true
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = module.state_bucket.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }
}
