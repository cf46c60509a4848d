output "smtp" {
  description = "SPRING_MAIL_HOST, SPRING_MAIL_PORT, FRAMEFLOW_MAIL_FROM"
  value = {
    host = "email-smtp.${data.aws_region.current.name}.amazonaws.com"
    port = 587
    from = var.from_address
  }
}

# scripts/rotate-ses-smtp-key's IAM_USER: the user whose access key becomes the SMTP login
output "smtp_iam_user" {
  value = aws_iam_user.smtp.name
}

output "dkim_records" {
  description = "CNAME records to publish in the domain's DNS"
  value = [
    for token in aws_sesv2_email_identity.domain.dkim_signing_attributes[0].tokens :
    "${token}._domainkey.${var.domain} CNAME ${token}.dkim.amazonses.com"
  ]
}
