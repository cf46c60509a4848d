# IAM roles for the Frameflow pods (IRSA). Each role trusts exactly one ServiceAccount of the
# cluster. The api-gateway uploads sources (and tus tails), presigns downloads and deletes a video's
# objects. The operator presigns, for each extraction Job, a GET of that video's source and the
# writes of its frames.zip (a multipart upload it creates) or, for a sliced Job, of each index's
# part and side objects, which it then reads to finish the ZIP: a presigned URL can do what its
# signer may, so the operator holds exactly what the Jobs need. The extractor pods have no role and
# no credentials at all: only their Job's presigned URLs.
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

# What the operator's credentials sign, in the results bucket under videos/<id>/ (the ZIP's key
# from VideoJobSpec.output, the slices' side objects from contracts' SliceAccess):
#   frames.zip                  CreateMultipartUpload and AbortMultipartUpload (JobAccess); the
#                               presigned UploadPart, CompleteMultipartUpload and abort of a one-pod
#                               Job; a sliced run's tail part and completion, and a HEAD of the
#                               finished ZIP when an assembly runs again (SliceAssembly); abort and
#                               DELETE when a cancelled VideoJob is deleted (VideoObjects)
#   frames.zip.slices/<n>.json  presigned PUT (index n's SliceIndex); GET in SliceAssembly; DELETE
#                               with the VideoJob
#   frames.zip.slices/<n>.part  presigned PUT (index n's spill object); GET, then DELETE
# and the presigned GET of videos/<id>/source in the uploads bucket. A pod's presigned request is
# authorized against this policy: the operator signed it. conformance/iam.mjs checks every request
# the test suite recorded against this document, and every grant here against those requests.
data "aws_iam_policy_document" "operator" {
  statement {
    sid       = "PresignSourceReads"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${var.upload_bucket_arn}/videos/*/source"]
  }
  statement {
    sid    = "WriteFrameArchives"
    effect = "Allow"
    actions = [
      "s3:PutObject",
      "s3:AbortMultipartUpload",
    ]
    resources = ["${var.result_bucket_arn}/videos/*/frames.zip"]
  }
  statement {
    # SliceAssembly.alreadyDone: the size of a ZIP an earlier pass completed
    sid       = "SizeFinishedArchives"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${var.result_bucket_arn}/videos/*/frames.zip"]
  }
  statement {
    sid    = "SliceSideObjects"
    effect = "Allow"
    actions = [
      "s3:PutObject",
      "s3:GetObject",
    ]
    resources = ["${var.result_bucket_arn}/videos/*/frames.zip.slices/*"]
  }
  statement {
    # the spill objects' bytes are in the ZIP once it is complete; the indexes' JSON goes with the
    # VideoJob, and a cancelled video's ZIP too, after its upload is aborted (VideoObjects)
    sid     = "DeleteSideObjectsAndCancelledArchives"
    effect  = "Allow"
    actions = ["s3:DeleteObject"]
    resources = [
      "${var.result_bucket_arn}/videos/*/frames.zip.slices/*",
      "${var.result_bucket_arn}/videos/*/frames.zip",
    ]
  }
  statement {
    # S3 answers a GET or HEAD of a missing key with 404 (NoSuchKey) only to a caller that may list
    # the bucket, 403 to anyone else; SliceAssembly takes NoSuchKey as "an earlier pass finished".
    # The implied check carries no s3:prefix, so a prefix condition would turn it into a 403 again.
    sid       = "MissingKeysAnswer404"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.result_bucket_arn]
  }
  statement {
    # SSE-KMS: S3 asks KMS on the signer's behalf (GenerateDataKey for writes, Decrypt for reads
    # and multipart uploads), for the pods' presigned requests too
    sid       = "UseStorageKey"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.storage_kms_key_arn]
  }
}

# What the api-gateway's credentials sign (api-gateway/src/main/java: storage.ObjectStorage,
# resumable.S3UploadParts, thumbnails.FrameThumbnails):
#   uploads videos/<id>/source      PUT or multipart upload (form, URL import, tus), abort, DELETE
#                                   (cancel, failed upload), HEAD after a tus completion was lost
#                                   and the presigned GET each frame-server render reads through
#                                   (frames on demand: the frame-server has no role of its own)
#   uploads resumable/<id>/tail     tus: the bytes after the last whole part, PUT, ranged GET, DELETE
#   results videos/<id>/frames.zip  HEAD and ranged GETs (thumbnails, strip), presigned download
#                                   links, DELETE (cancel)
# No listings: the gateway lists nothing.
data "aws_iam_policy_document" "api_gateway" {
  statement {
    sid    = "StoreSourceVideos"
    effect = "Allow"
    actions = [
      "s3:PutObject",
      "s3:GetObject",
      "s3:AbortMultipartUpload",
      "s3:DeleteObject",
    ]
    resources = ["${var.upload_bucket_arn}/videos/*/source"]
  }
  statement {
    sid    = "ResumableUploadTails"
    effect = "Allow"
    actions = [
      "s3:PutObject",
      "s3:GetObject",
      "s3:DeleteObject",
    ]
    resources = ["${var.upload_bucket_arn}/resumable/*/tail"]
  }
  statement {
    sid    = "ReadAndDeleteFrameArchives"
    effect = "Allow"
    actions = [
      "s3:GetObject",
      "s3:DeleteObject",
    ]
    resources = ["${var.result_bucket_arn}/videos/*/frames.zip"]
  }
  statement {
    # S3UploadParts.storedLength takes NoSuchKey (404) as "no object": S3 answers 404 only to a
    # caller that may list the bucket, 403 otherwise; the implied check carries no s3:prefix
    sid       = "MissingKeysAnswer404"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.upload_bucket_arn]
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
