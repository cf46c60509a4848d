variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "api_allowed_cidrs" {
  description = "Ranges that may reach the Kubernetes API (your office/VPN, the Terraform runners)"
  type        = list(string)
}

variable "cluster_admin_role_arns" {
  description = "IAM roles with cluster-admin, e.g. your SSO admin role (not the apply role: as the creator it is admin already)"
  type        = list(string)
  default     = []
}

variable "cluster_viewer_role_arns" {
  description = "IAM roles with read-only cluster access: the Terraform plan role (it refreshes the Helm releases)"
  type        = list(string)
  default     = []
}

variable "api_domain" {
  description = "Host name of the API (an ACM certificate is made for it); null: none"
  type        = string
  default     = null
}

variable "mail_domain" {
  description = "Domain for SES email; null leaves email unconfigured"
  type        = string
  default     = null
}

variable "graviton_node_group" {
  description = "A Graviton (arm64) managed node group beside the default one, e.g. { enabled = true, instance_types = [\"c7g.xlarge\"] }; off by default (modules/cluster: graviton_node_group)"
  type        = any
  default     = {}
}
