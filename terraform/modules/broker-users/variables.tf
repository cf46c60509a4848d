variable "name" {
  description = "Prefix of the user names, e.g. frameflow-prod (users <name>-api-gateway, <name>-operator)"
  type        = string
}

variable "vhost" {
  description = "RabbitMQ virtual host (Amazon MQ's default is /)"
  type        = string
  default     = "/"
}
