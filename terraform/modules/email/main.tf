# Optional email through Amazon SES: a verified domain identity with DKIM (publish the three
# CNAME records from dkim_records), and SMTP credentials for the api-gateway. SES SMTP needs an
# access key of an IAM user; that user may send from the configured address and do nothing else,
# and its SMTP password goes to Secrets Manager only.
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

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}
