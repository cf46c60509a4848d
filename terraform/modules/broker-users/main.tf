# One RabbitMQ user per service on the Amazon MQ broker, each with the least it needs. Amazon MQ
# creates only the broker's administrator (modules/broker, the `user` block); further RabbitMQ
# users are made through the broker's management API with the rabbitmq provider, which the root
# configures with that administrator (environments/<env>/providers.tf). The administrator itself
# is never handed to a pod.
#
# Topology (docs/events.md): topic exchange frameflow.events, direct dead-letter exchange
# frameflow.events.dlx, and per consumer a queue with its .dlq. Both services declare the
# exchanges, their own queues and bindings at start (idempotent declarations), so:
#   configure  the two exchanges and the service's own queues (declare);
#   write      frameflow.events (publish) and the service's own queues (queue.bind needs write on
#              the queue);
#   read       the two exchanges (queue.bind needs read on the exchange) and the service's own
#              queues (consume).
# Nobody may write to the dead-letter exchange (the broker dead-letters by itself) or to the
# default exchange. The topic permissions on frameflow.events pin the routing keys: only the
# api-gateway publishes video.uploaded / video.cancelled, only the operator video.status; each may
# bind its queues only with the keys it consumes.

# The passwords are no Terraform value: each user is created with a one-time bootstrap password
# (its own UUID, told to nobody, never planned again), and scripts/rotate-broker-password sets
# the real one through the management API and writes it to the service's entry
# (frameflow/<env>/rabbitmq-<service>). Terraform keeps owning the users' existence and their
# permissions. The password and the tags are left alone after creation: the provider would
# re-send the bootstrap password with any change (its update sends both), locking the service
# out; the rotation script sets the tags to none again each time.
resource "rabbitmq_user" "api_gateway" {
  name     = "${var.name}-api-gateway"
  password = uuid()
  # no management tags: no console, no management API
  tags = []

  lifecycle {
    ignore_changes = [password, tags]
  }
}

resource "rabbitmq_user" "operator" {
  name     = "${var.name}-operator"
  password = uuid()
  tags     = []

  lifecycle {
    ignore_changes = [password, tags]
  }
}

resource "rabbitmq_permissions" "api_gateway" {
  user  = rabbitmq_user.api_gateway.name
  vhost = var.vhost

  permissions {
    configure = "^(frameflow\\.events|frameflow\\.events\\.dlx|frameflow\\.gateway\\.video-status|frameflow\\.gateway\\.video-status\\.dlq)$"
    write     = "^(frameflow\\.events|frameflow\\.gateway\\.video-status|frameflow\\.gateway\\.video-status\\.dlq)$"
    read      = "^(frameflow\\.events|frameflow\\.events\\.dlx|frameflow\\.gateway\\.video-status|frameflow\\.gateway\\.video-status\\.dlq)$"
  }
}

resource "rabbitmq_permissions" "operator" {
  user  = rabbitmq_user.operator.name
  vhost = var.vhost

  permissions {
    configure = "^(frameflow\\.events|frameflow\\.events\\.dlx|frameflow\\.operator\\.video-uploaded|frameflow\\.operator\\.video-uploaded\\.dlq|frameflow\\.operator\\.video-cancelled|frameflow\\.operator\\.video-cancelled\\.dlq)$"
    write     = "^(frameflow\\.events|frameflow\\.operator\\.video-uploaded|frameflow\\.operator\\.video-uploaded\\.dlq|frameflow\\.operator\\.video-cancelled|frameflow\\.operator\\.video-cancelled\\.dlq)$"
    read      = "^(frameflow\\.events|frameflow\\.events\\.dlx|frameflow\\.operator\\.video-uploaded|frameflow\\.operator\\.video-uploaded\\.dlq|frameflow\\.operator\\.video-cancelled|frameflow\\.operator\\.video-cancelled\\.dlq)$"
  }
}

resource "rabbitmq_topic_permissions" "api_gateway" {
  user  = rabbitmq_user.api_gateway.name
  vhost = var.vhost

  permissions {
    exchange = "frameflow.events"
    write    = "^video\\.(uploaded|cancelled)$"
    read     = "^video\\.status$"
  }
}

resource "rabbitmq_topic_permissions" "operator" {
  user  = rabbitmq_user.operator.name
  vhost = var.vhost

  permissions {
    exchange = "frameflow.events"
    write    = "^video\\.status$"
    read     = "^video\\.(uploaded|cancelled)$"
  }
}
