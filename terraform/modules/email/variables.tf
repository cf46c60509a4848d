variable "name" {
  type = string
}

variable "domain" {
  description = "Sending domain verified in SES"
  type        = string
}

variable "from_address" {
  description = "The only sender address allowed, e.g. no-reply@<domain>"
  type        = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
