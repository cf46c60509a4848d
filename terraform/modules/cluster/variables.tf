variable "name" {
  description = "Cluster name and prefix of its resources"
  type        = string
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version"
  type        = string
  default     = "1.31"
}

variable "vpc_id" {
  type = string
}

variable "private_subnet_ids" {
  description = "Subnets of the control plane's network interfaces and of the nodes"
  type        = list(string)
}

variable "api_allowed_cidrs" {
  description = "Ranges allowed to reach the public API endpoint; empty makes the endpoint private only"
  type        = list(string)
  default     = []

  validation {
    condition     = !contains(var.api_allowed_cidrs, "0.0.0.0/0")
    error_message = "The Kubernetes API must not be open to the whole internet."
  }
}

variable "admin_role_arns" {
  description = "IAM roles given cluster-admin through EKS access entries (not the creator: it has it already)"
  type        = list(string)
  default     = []
}

variable "viewer_role_arns" {
  description = "IAM roles given read-only access (AmazonEKSAdminViewPolicy), e.g. the Terraform plan role"
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  type    = list(string)
  default = ["m6i.large"]
}

variable "node_capacity_type" {
  description = "ON_DEMAND or SPOT"
  type        = string
  default     = "ON_DEMAND"
}

variable "node_min_size" {
  type    = number
  default = 2
}

variable "node_max_size" {
  type    = number
  default = 6
}

variable "node_desired_size" {
  type    = number
  default = 3
}

variable "app_port" {
  description = "Container port of the api-gateway, the ALB's target"
  type        = number
  default     = 8080
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "api_domain" {
  description = "Host name of the API (e.g. api.frameflow.example.com); null: no certificate is made"
  type        = string
  default     = null
}
