variable "environment" {
  description = "dev or prod; names every resource frameflow-<environment>-..."
  type        = string
}

variable "region" {
  type = string
}

variable "kubernetes_namespace" {
  type    = string
  default = "frameflow"
}

variable "vpc_cidr" {
  type = string
}

variable "endpoint_subnets" {
  description = "Three /28s of vpc_cidr for the S3 interface endpoint (the extractor's NetworkPolicy names them)"
  type        = list(string)
}

variable "single_nat_gateway" {
  type = bool
}

variable "kubernetes_version" {
  type    = string
  default = "1.31"
}

variable "api_allowed_cidrs" {
  description = "Ranges that may reach the Kubernetes API from outside the VPC"
  type        = list(string)
}

variable "cluster_admin_role_arns" {
  type    = list(string)
  default = []
}

variable "cluster_viewer_role_arns" {
  type    = list(string)
  default = []
}

variable "node_instance_types" {
  type = list(string)
}

variable "node_capacity_type" {
  type    = string
  default = "ON_DEMAND"
}

variable "node_min_size" {
  type = number
}

variable "node_max_size" {
  type = number
}

variable "node_desired_size" {
  type = number
}

variable "graviton_node_group" {
  description = "An optional Graviton (arm64) managed node group beside the default one, off unless enabled = true: the cluster module's graviton_node_group (types, sizes, taints)"
  type        = any
  default     = {}
}

variable "upload_expiry_days" {
  type    = number
  default = 30
}

variable "result_expiry_days" {
  type    = number
  default = 30
}

variable "force_destroy_buckets" {
  type    = bool
  default = false
}

variable "database_instance_class" {
  type = string
}

variable "database_multi_az" {
  type = bool
}

variable "database_backup_retention_days" {
  type = number
}

variable "deletion_protection" {
  type = bool
}

variable "broker_instance_type" {
  type = string
}

variable "broker_cluster" {
  type = bool
}

variable "api_domain" {
  description = "Host name of the API behind the ALB; null: no ACM certificate is made"
  type        = string
  default     = null
}

variable "mail_domain" {
  description = "Domain to send email from through SES; null leaves email unconfigured"
  type        = string
  default     = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
