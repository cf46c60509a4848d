variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflows may push"
  type        = string
}

variable "repository_arns" {
  description = "ECR repositories the role may push to"
  type        = list(string)
}

variable "role_name" {
  type    = string
  default = "frameflow-github-ecr-push"
}

variable "tags" {
  type    = map(string)
  default = {}
}
