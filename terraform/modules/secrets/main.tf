# Secrets Manager entries the pods get through External Secrets. Each entry is named after the
# Kubernetes Secret the Kustomize base reads (frameflow/<env>/jwt -> Secret frameflow-jwt, ...)
# and holds exactly that Secret's keys, so an ExternalSecret copies it whole (dataFrom.extract).
# Endpoints are not secret: they are Terraform outputs that go into the overlay's ConfigMaps
# (SPRING_DATASOURCE_URL, SPRING_RABBITMQ_HOST, ...).
#
# Terraform makes the entries and writes no value into any of them, so no state and no plan ever
# holds one (docs/security.md, "The delivery pipeline"). The values are written, and rotated, by
# scripts with the AWS CLI: scripts/rotate-jwt-key (jwt), scripts/rotate-broker-password
# (rabbitmq-api-gateway, rabbitmq-operator), scripts/rotate-ses-smtp-key (smtp). The database
# login is not here: RDS keeps it in an entry of its own (modules/database, master_user_secret_arn).
locals {
  # Entry names and descriptions are not secret and key the resources.
  descriptions = merge(
    {
      rabbitmq-api-gateway = "Secret frameflow-rabbitmq-api-gateway: Amazon MQ login of the api-gateway (scripts/rotate-broker-password)"
      rabbitmq-operator    = "Secret frameflow-rabbitmq-operator: Amazon MQ login of the operator (scripts/rotate-broker-password)"
      jwt                  = "Secret frameflow-jwt: JWT signing key, Ed25519 PKCS#8 PEM (scripts/rotate-jwt-key)"
    },
    var.smtp_enabled ? { smtp = "Secret frameflow-smtp: SES SMTP login (scripts/rotate-ses-smtp-key)" } : {}
  )
}

resource "aws_secretsmanager_secret" "this" {
  for_each = local.descriptions

  name                    = "${var.prefix}/${each.key}"
  description             = each.value
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

# Environments applied before issue 27 had Terraform write these values: forget those versions
# without touching them (the scripts replace the values; docs/deployment.md, "Rotation").
removed {
  from = aws_secretsmanager_secret_version.this

  lifecycle {
    destroy = false
  }
}
