# GitHub Actions OIDC: one provider per account, and the two Terraform roles. The ECR push role
# lives in environments/shared next to the repositories it may push to.
#
# A pull request of this repository runs code its author wrote (the workflow file included) with
# the plan role: that role reads no secret value and no state that holds one. It trusts
# pull_request jobs alone; main's plans and applies use the apply role, which trusts jobs bound
# to a GitHub environment only (docs/security.md, "The delivery pipeline").
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
  # AWS trusts GitHub's OIDC endpoint through its own CA store; the thumbprint is kept for
  # providers and tools that still require one.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

locals {
  github_sub = "token.actions.githubusercontent.com:sub"
  # the one state a pull request's plan reads (environments/shared/backend.tf)
  pull_request_state = "shared/terraform.tfstate"
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
      values   = ["repo:${var.github_repository}:pull_request"]
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
  description        = "GitHub Actions, pull requests: terraform plan of the shared stack (read-only, no secret)"
  assume_role_policy = data.aws_iam_policy_document.terraform_plan_trust.json
}

resource "aws_iam_role_policy_attachment" "terraform_plan_read_only" {
  role       = aws_iam_role.terraform_plan.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

data "aws_iam_policy_document" "terraform_plan_extra" {
  # The state of the shared stack (ECR, the CI role) holds no secret; the dev and prod states do
  # (the broker's and the SES SMTP logins: docs/security.md), so a pull request plans shared only.
  statement {
    sid       = "ReadSharedState"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${module.state_bucket.arn}/${local.pull_request_state}"]
  }
  statement {
    sid       = "ListState"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [module.state_bucket.arn]
  }
  statement {
    sid       = "StateKey"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.state.arn]
  }
  # ReadOnlyAccess reads almost everything: these denials hold whatever AWS adds to it. No secret
  # value (Secrets Manager, SecureString parameters), no other state object and no old version of
  # one (versioning keeps what earlier states held).
  statement {
    sid    = "NoSecretValues"
    effect = "Deny"
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:BatchGetSecretValue",
      "ssm:GetParameter",
      "ssm:GetParameters",
      "ssm:GetParametersByPath",
      "ssm:GetParameterHistory",
    ]
    resources = ["*"]
  }
  statement {
    sid           = "NoOtherState"
    effect        = "Deny"
    actions       = ["s3:GetObject", "s3:GetObjectVersion"]
    not_resources = ["${module.state_bucket.arn}/${local.pull_request_state}"]
  }
  statement {
    sid       = "NoOldState"
    effect    = "Deny"
    actions   = ["s3:GetObjectVersion"]
    resources = ["${module.state_bucket.arn}/*"]
  }
}

resource "aws_iam_role_policy" "terraform_plan_extra" {
  name   = "shared-state-no-secrets"
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
