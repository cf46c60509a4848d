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

variable "abort_incomplete_multipart_days" {
  description = "Incomplete multipart uploads are aborted (and tus tails deleted) this many days after they began; must exceed the api-gateway's frameflow.resumable.max-age (6 days by default)"
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_days == floor(var.abort_incomplete_multipart_days) && var.abort_incomplete_multipart_days >= 7 && var.abort_incomplete_multipart_days <= 30
    error_message = "abort_incomplete_multipart_days must be a whole number of days from 7 (the gateway's resumable uploads live up to 6 days) to 30."
  }
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
