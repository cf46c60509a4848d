variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "state_bucket_prefix" {
  description = "Name of the state bucket before the account id suffix"
  type        = string
  default     = "frameflow-terraform-state"
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows run Terraform"
  type        = string
}

variable "apply_environments" {
  description = "GitHub environments whose jobs may assume the apply role"
  type        = list(string)
  default     = ["dev", "prod"]
}
