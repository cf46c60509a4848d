# Optional email through Amazon SES: a verified domain identity with DKIM (publish the three
# CNAME records from dkim_records), and the IAM user whose access key is the api-gateway's SMTP
# login. That user may send from the configured address and do nothing else. Its access key is no
# Terraform resource (an aws_iam_access_key keeps its secret in the state):
# scripts/rotate-ses-smtp-key creates one, derives the SMTP password from it, writes both to
# frameflow/<env>/smtp and deletes the previous key.
data "aws_region" "current" {}

resource "aws_sesv2_email_identity" "domain" {
  email_identity = var.domain
  tags           = var.tags
}

resource "aws_iam_user" "smtp" {
  name = "${var.name}-ses-smtp"
  tags = var.tags
}

data "aws_iam_policy_document" "send" {
  statement {
    effect    = "Allow"
    actions   = ["ses:SendRawEmail"]
    resources = [aws_sesv2_email_identity.domain.arn]
    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = [var.from_address]
    }
  }
}

resource "aws_iam_user_policy" "smtp" {
  name   = "send-from-${var.domain}"
  user   = aws_iam_user.smtp.name
  policy = data.aws_iam_policy_document.send.json
}

# Environments applied before issue 27 had a Terraform-made access key: forget it without deleting
# it, so mail keeps working until scripts/rotate-ses-smtp-key replaces it (and deletes it).
removed {
  from = aws_iam_access_key.smtp

  lifecycle {
    destroy = false
  }
}
