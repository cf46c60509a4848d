terraform {
  required_version = ">= 1.10"

  required_providers {
    # Configured by the root with the broker's management endpoint and administrator.
    rabbitmq = {
      source  = "cyrilgdn/rabbitmq"
      version = "~> 1.8"
    }
  }
}
