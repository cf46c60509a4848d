# Secrets Manager entries the pods get through External Secrets. Each entry is named after the
# Kubernetes Secret the Kustomize base reads (frameflow/<env>/postgresql -> Secret
# frameflow-postgresql, ...) and holds exactly that Secret's keys, so an ExternalSecret copies it
# whole (dataFrom.extract). Endpoints are not secret: they are Terraform outputs that go into the
# overlay's ConfigMaps (SPRING_DATASOURCE_URL, SPRING_RABBITMQ_HOST, ...).
#
# Values Terraform writes live in its state too (the logins of RDS, the broker and SES, which it
# creates): that state is readable by the apply role alone. The JWT signing key is not Terraform's:
# it makes the entry empty, and scripts/rotate-jwt-key writes (and rotates) the key as a new
# version with the AWS CLI, so no state and no plan ever holds it (docs/security.md).
locals {
  # entries whose value is written outside Terraform
  written_outside = toset(["jwt"])
}

locals {
  # Entry names and descriptions are not secret and key the resources (for_each refuses
  # sensitive keys); the values are kept apart.
  descriptions = merge(
    {
      postgresql           = "Secret frameflow-postgresql: RDS PostgreSQL login of the api-gateway"
      rabbitmq-api-gateway = "Secret frameflow-rabbitmq-api-gateway: Amazon MQ login of the api-gateway"
      rabbitmq-operator    = "Secret frameflow-rabbitmq-operator: Amazon MQ login of the operator"
      jwt                  = "Secret frameflow-jwt: JWT signing key (Ed25519, PKCS#8 PEM)"
    },
    var.smtp_enabled ? { smtp = "Secret frameflow-smtp: SES SMTP login" } : {}
  )

  values = merge(
    {
      postgresql = {
        username = var.database_username
        password = var.database_password
      }
      rabbitmq-api-gateway = {
        username = var.broker_api_gateway_username
        password = var.broker_api_gateway_password
      }
      rabbitmq-operator = {
        username = var.broker_operator_username
        password = var.broker_operator_password
      }
    },
    var.smtp_enabled ? {
      smtp = {
        username = var.smtp_username
        password = var.smtp_password
      }
    } : {}
  )
}

resource "aws_secretsmanager_secret" "this" {
  for_each = local.descriptions

  name                    = "${var.prefix}/${each.key}"
  description             = each.value
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "this" {
  for_each = { for k, v in local.descriptions : k => v if !contains(local.written_outside, k) }

  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = jsonencode(local.values[each.key])
}
