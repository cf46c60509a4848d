variable "prefix" {
  description = "Name prefix of the entries, e.g. frameflow/dev (entries: <prefix>/postgresql, ...)"
  type        = string
}

variable "database_username" {
  type = string
}

variable "database_password" {
  type      = string
  sensitive = true
}

variable "broker_api_gateway_username" {
  type = string
}

variable "broker_api_gateway_password" {
  type      = string
  sensitive = true
}

variable "broker_operator_username" {
  type = string
}

variable "broker_operator_password" {
  type      = string
  sensitive = true
}

variable "smtp_enabled" {
  description = "Whether an SMTP entry is made (known at plan time, unlike the user name)"
  type        = bool
  default     = false
}

variable "smtp_username" {
  description = "SES SMTP user name (with smtp_enabled)"
  type        = string
  default     = null
}

variable "smtp_password" {
  type      = string
  default   = null
  sensitive = true
}

variable "recovery_window_days" {
  type    = number
  default = 7
}

variable "tags" {
  type    = map(string)
  default = {}
}
