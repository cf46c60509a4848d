# IAM roles for the Frameflow pods (IRSA). Each role trusts exactly one ServiceAccount of the
# cluster. The api-gateway uploads, presigns downloads and deletes under videos/ in both buckets.
# The operator presigns, for each extraction Job, a GET of that video's source and the parts of a
# multipart upload of its frames.zip (which it creates): a presigned URL can do what its signer
# may, so the operator holds exactly what the Jobs used to. The extractor pods have no role and no
# credentials at all: only their Job's presigned URLs.
locals {
  # role name suffix -> ServiceAccount (roles: frameflow-<env>-api-gateway, frameflow-<env>-operator)
  service_accounts = {
    api-gateway = "frameflow-api-gateway"
    operator    = "frameflow-operator"
  }
}

data "aws_iam_policy_document" "trust" {
  for_each = local.service_accounts

  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${each.value}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.service_accounts

  name               = "${var.name}-${each.key}"
  description        = "IRSA role of ServiceAccount ${var.namespace}/${each.value}"
  assume_role_policy = data.aws_iam_policy_document.trust[each.key].json
  tags               = var.tags
}

data "aws_iam_policy_document" "operator" {
  statement {
    sid       = "PresignSourceReads"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${var.upload_bucket_arn}/videos/*/source"]
  }
  statement {
    sid    = "PresignFrameArchiveUploads"
    effect = "Allow"
    actions = [
      "s3:PutObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${var.result_bucket_arn}/videos/*/frames.zip"]
  }
  statement {
    sid       = "UseStorageKey"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.storage_kms_key_arn]
  }
}

data "aws_iam_policy_document" "api_gateway" {
  statement {
    sid    = "UploadsReadWriteDelete"
    effect = "Allow"
    actions = [
      "s3:PutObject",
      "s3:GetObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${var.upload_bucket_arn}/videos/*"]
  }
  statement {
    sid    = "ResultsPresignAndDelete"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:DeleteObject",
    ]
    resources = ["${var.result_bucket_arn}/videos/*"]
  }
  statement {
    sid       = "ListOwnPrefixes"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.upload_bucket_arn, var.result_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["videos/*"]
    }
  }
  statement {
    sid       = "UseStorageKey"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.storage_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "operator" {
  name   = "s3-presign-jobs"
  role   = aws_iam_role.this["operator"].id
  policy = data.aws_iam_policy_document.operator.json
}

resource "aws_iam_role_policy" "api_gateway" {
  name   = "s3-api-gateway"
  role   = aws_iam_role.this["api-gateway"].id
  policy = data.aws_iam_policy_document.api_gateway.json
}
