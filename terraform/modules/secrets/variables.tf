variable "prefix" {
  description = "Name prefix of the entries, e.g. frameflow/dev (entries: <prefix>/jwt, ...)"
  type        = string
}

variable "smtp_enabled" {
  description = "Whether an SMTP entry is made (known at plan time)"
  type        = bool
  default     = false
}

variable "recovery_window_days" {
  type    = number
  default = 7
}

variable "tags" {
  type    = map(string)
  default = {}
}
