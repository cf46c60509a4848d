variable "name" {
  description = "Prefix of the bucket names (the account id is appended for uniqueness)"
  type        = string
}

variable "upload_expiry_days" {
  description = "Source videos are deleted this many days after upload"
  type        = number
  default     = 30
}

variable "result_expiry_days" {
  description = "ZIPs of frames are deleted this many days after they were written"
  type        = number
  default     = 30
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets (dev only)"
  type        = bool
  default     = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
