variable "name" {
  description = "Prefix of the role names"
  type        = string
}

variable "namespace" {
  description = "Kubernetes namespace of the Frameflow ServiceAccounts"
  type        = string
  default     = "frameflow"
}

variable "oidc_provider_arn" {
  description = "The cluster's IAM OIDC provider"
  type        = string
}

variable "oidc_provider" {
  description = "The cluster's OIDC issuer without scheme (oidc.eks.<region>.amazonaws.com/id/<id>)"
  type        = string
}

variable "upload_bucket_arn" {
  type = string
}

variable "result_bucket_arn" {
  type = string
}

variable "storage_kms_key_arn" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
