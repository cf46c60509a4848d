# Secrets Manager entries the pods get through External Secrets. Each entry is a JSON object
# whose keys are the settings of docs/configuration.md, so an ExternalSecret can copy it whole
# (dataFrom.extract) into a Kubernetes Secret used with envFrom; the JWT key is a file
# (FRAMEFLOW_JWT_PRIVATE_KEY_FILE points at the mounted private-key.pem).
#
# The generated values live in the Terraform state too: the state bucket is encrypted, private
# and readable by the Terraform roles only.
resource "tls_private_key" "jwt" {
  algorithm = "ED25519"
}

locals {
  # Entry names and descriptions are not secret and key the resources (for_each refuses
  # sensitive keys); the values are kept apart.
  descriptions = merge(
    {
      database = "api-gateway: PostgreSQL (RDS)"
      broker   = "api-gateway and operator: RabbitMQ (Amazon MQ)"
      jwt      = "api-gateway: JWT signing key (Ed25519, PKCS#8 PEM)"
    },
    var.mail == null ? {} : { mail = "api-gateway: SMTP (SES)" }
  )

  values = merge(
    {
      database = {
        SPRING_DATASOURCE_URL      = var.database.jdbc_url
        SPRING_DATASOURCE_USERNAME = var.database.username
        SPRING_DATASOURCE_PASSWORD = var.database.password
      }
      broker = {
        SPRING_RABBITMQ_HOST        = var.broker.host
        SPRING_RABBITMQ_PORT        = tostring(var.broker.port)
        SPRING_RABBITMQ_USERNAME    = var.broker.username
        SPRING_RABBITMQ_PASSWORD    = var.broker.password
        SPRING_RABBITMQ_SSL_ENABLED = "true"
      }
      jwt = {
        "private-key.pem" = tls_private_key.jwt.private_key_pem_pkcs8
      }
    },
    var.mail == null ? {} : {
      mail = {
        SPRING_MAIL_HOST     = var.mail.host
        SPRING_MAIL_PORT     = tostring(var.mail.port)
        SPRING_MAIL_USERNAME = var.mail.username
        SPRING_MAIL_PASSWORD = var.mail_password
        FRAMEFLOW_MAIL_FROM  = var.mail.from
      }
    }
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
  for_each = local.descriptions

  secret_id     = aws_secretsmanager_secret.this[each.key].id
  secret_string = jsonencode(local.values[each.key])
}
