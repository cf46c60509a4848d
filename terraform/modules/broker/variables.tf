variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  description = "Private subnets, one per availability zone (the first only for a single instance)"
  type        = list(string)
}

variable "client_security_group_id" {
  description = "Security group allowed to connect (the EKS nodes')"
  type        = string
}

variable "engine_version" {
  type    = string
  default = "3.13"
}

variable "instance_type" {
  type    = string
  default = "mq.m5.large"
}

variable "cluster" {
  description = "Three-node cluster over three availability zones instead of one instance"
  type        = bool
  default     = false
}

variable "username" {
  description = "The broker's administrator (Terraform's only; the services have users of their own)"
  type        = string
  default     = "frameflow"
}

variable "admin_secret_name" {
  description = "Secrets Manager entry of the administrator, e.g. frameflow/prod/rabbitmq-admin"
  type        = string
}

variable "recovery_window_days" {
  type    = number
  default = 7
}

variable "tags" {
  type    = map(string)
  default = {}
}
