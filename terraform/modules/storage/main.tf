# The uploads bucket (source videos, videos/<id>/source) and the results bucket (ZIPs of frames,
# videos/<id>/frames.zip). Both private: all public access blocked, ACLs disabled, TLS required,
# encrypted with this environment's KMS key; old objects expire. No versioning: a deleted video
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

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket        = each.value.name
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Purpose = each.key })
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.storage.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

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

data "aws_iam_policy_document" "tls_only" {
  for_each = aws_s3_bucket.this

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      each.value.arn,
      "${each.value.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  # S3 rejects a bucket policy while the public access block is being created
  depends_on = [aws_s3_bucket_public_access_block.this]
}
