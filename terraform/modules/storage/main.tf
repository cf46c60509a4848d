# The uploads bucket (source videos, videos/<id>/source; tus tails, resumable/<upload id>/tail) and
# the results bucket (ZIPs of frames, videos/<id>/frames.zip; a sliced run's side objects,
# videos/<id>/frames.zip.slices/<n>.json and .part). Both private (modules/private-bucket: public access blocked, ACLs
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

  # A tus upload (api-gateway) keeps its S3 multipart upload open while the client resumes: it
  # expires at min(last activity + 24 h, creation + frameflow.resumable.max-age, 6 days by default),
  # and the gateway's sweep aborts it then. This rule only catches what the sweep missed, so it must
  # not fire first (infra-tests/test/storage-lifecycle.test.js compares it with the gateway's
  # default). The operator's uploads of ZIPs last a Job's deadline and are covered as well.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_days
    }
  }

  # tus tails (resumable/<upload id>/tail, rewritten by each PATCH) live outside videos/: one the
  # gateway failed to delete goes when no upload can still be using it.
  dynamic "rule" {
    for_each = each.key == "uploads" ? [var.abort_incomplete_multipart_days] : []
    content {
      id     = "expire-resumable-tails"
      status = "Enabled"
      filter {
        prefix = "resumable/"
      }
      expiration {
        days = rule.value
      }
    }
  }
}
