# GitHub Actions OIDC: one provider per account, and the two Terraform roles. The ECR push role
# lives in environments/shared next to the repositories it may push to.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  # AWS trusts GitHub's OIDC endpoint through its own CA store; the thumbprint is kept for
  # providers and tools that still require one.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

locals {
  github_sub = "token.actions.githubusercontent.com:sub"
}

data "aws_iam_policy_document" "terraform_plan_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = local.github_sub
      values = [
        "repo:${var.github_repository}:pull_request",
        "repo:${var.github_repository}:ref:refs/heads/main",
      ]
    }
  }
}

data "aws_iam_policy_document" "terraform_apply_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    # Only jobs bound to a GitHub environment, whose protection rules (required reviewers,
    # main only) are the approval gate.
    condition {
      test     = "StringEquals"
      variable = local.github_sub
      values   = [for env in var.apply_environments : "repo:${var.github_repository}:environment:${env}"]
    }
  }
}

resource "aws_iam_role" "terraform_plan" {
  name               = "frameflow-terraform-plan"
  description        = "GitHub Actions: terraform plan (read-only)"
  assume_role_policy = data.aws_iam_policy_document.terraform_plan_trust.json
}

resource "aws_iam_role_policy_attachment" "terraform_plan_read_only" {
  role       = aws_iam_role.terraform_plan.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "terraform_plan_extra" {
  statement {
    sid       = "ReadState"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [module.state_bucket.arn, "${module.state_bucket.arn}/*"]
  }
  statement {
    sid       = "Lock"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${module.state_bucket.arn}/*.tflock"]
  }
  statement {
    sid       = "StateKey"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.state.arn]
  }
  # Refreshing aws_secretsmanager_secret_version reads the value.
  statement {
    sid       = "RefreshFrameflowSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:*:${data.aws_caller_identity.current.account_id}:secret:frameflow/*"]
  }
}

resource "aws_iam_role_policy" "terraform_plan_extra" {
  name   = "state-and-refresh"
  role   = aws_iam_role.terraform_plan.id
  policy = data.aws_iam_policy_document.terraform_plan_extra.json
}

resource "aws_iam_role" "terraform_apply" {
  name               = "frameflow-terraform-apply"
  description        = "GitHub Actions: terraform apply, behind GitHub environment approval"
  assume_role_policy = data.aws_iam_policy_document.terraform_apply_trust.json
}

# Terraform creates IAM roles, EKS clusters, KMS keys and so on: it needs broad rights. The
# narrowing is in who can assume it (environment-bound jobs only, see the trust policy).
resource "aws_iam_role_policy_attachment" "terraform_apply_admin" {
  role       = aws_iam_role.terraform_apply.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
