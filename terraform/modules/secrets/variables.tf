variable "prefix" {
  description = "Name prefix of the entries, e.g. frameflow/dev (entries: <prefix>/database, ...)"
  type        = string
}

variable "database" {
  type = object({
    jdbc_url = string
    username = string
    password = string
  })
  sensitive = true
}

variable "broker" {
  type = object({
    host     = string
    port     = number
    username = string
    password = string
  })
  sensitive = true
}

variable "mail" {
  description = "SMTP settings; null when email is not configured"
  type = object({
    host     = string
    port     = number
    username = string
    from     = string
  })
  default = null
}

variable "mail_password" {
  description = "SMTP password (with mail)"
  type        = string
  default     = null
  sensitive   = true
}

variable "recovery_window_days" {
  type    = number
  default = 7
}

variable "tags" {
  type    = map(string)
  default = {}
}
