# The uploads bucket (source videos, videos/<id>/source) and the results bucket (ZIPs of frames,
# videos/<id>/frames.zip). Both private (modules/private-bucket: public access blocked, ACLs
# disabled, TLS required), encrypted with this environment's KMS key; old objects expire. No versioning: a deleted video
# must really go (DELETE /api/videos/{id}), and both buckets hold data that can be re-made.
data "aws_caller_identity" "current" {}

locals {
  buckets = {
    uploads = {
      name        = "${var.name}-uploads-${data.aws_caller_identity.current.account_id}"
      expire_days = var.upload_expiry_days
    }
    results = {
      name        = "${var.name}-results-${data.aws_caller_identity.current.account_id}"
      expire_days = var.result_expiry_days
    }
  }
}

resource "aws_kms_key" "storage" {
  description             = "${var.name}: S3 uploads and results"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "storage" {
  name          = "alias/${var.name}-storage"
  target_key_id = aws_kms_key.storage.key_id
}

module "bucket" {
  source   = "../private-bucket"
  for_each = local.buckets

  name          = each.value.name
  kms_key_arn   = aws_kms_key.storage.arn
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Purpose = each.key })
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = module.bucket

  bucket = each.value.id

  rule {
    id     = "expire-old-objects"
    status = "Enabled"
    filter {
      prefix = "videos/"
    }
    expiration {
      days = local.buckets[each.key].expire_days
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}
