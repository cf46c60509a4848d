variable "name" {
  description = "Bucket name (globally unique)"
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key of the bucket's default encryption"
  type        = string
}

variable "versioning" {
  description = "Keep earlier versions of objects (the Terraform state does; videos must really go)"
  type        = bool
  default     = false
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket"
  type        = bool
  default     = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
