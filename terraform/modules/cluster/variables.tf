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

variable "graviton_node_group" {
  description = <<-EOT
    An optional second managed node group of AWS Graviton (arm64) instances, Amazon Linux 2023
    (AL2023_ARM_64_STANDARD), beside the default x86-64 one; off unless enabled. Graviton instances
    cost less for the same CPU-bound extraction work, and every Frameflow image runs on both
    architectures. Taints are empty by default: extraction pods tolerate none (the Job admission
    policy refuses tolerations), so a tainted group takes only pods given a toleration in the
    chart's values (api-gateway, operator).
  EOT
  type = object({
    enabled        = optional(bool, false)
    instance_types = optional(list(string), ["m7g.large", "c7g.large"])
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = optional(number, 1)
    max_size       = optional(number, 6)
    desired_size   = optional(number, 2)
    taints = optional(map(object({
      key    = string
      value  = optional(string)
      effect = string
    })), {})
  })
  default  = {}
  nullable = false

  validation {
    # Graviton families: a1, t4g, m6g, m7g(d), m8g, c6g(d/n), c7g(d/n), c8g, r6g, r7g, x2gd, im4gn, ...
    condition = length(var.graviton_node_group.instance_types) > 0 && alltrue([
      for type in var.graviton_node_group.instance_types : can(regex("^([a-z]+[0-9]+g[a-z]*|a1)\\.[0-9a-z]+$", type))
    ])
    error_message = "graviton_node_group.instance_types must list Graviton (arm64) instance types, such as m7g.large or c7g.xlarge."
  }

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.graviton_node_group.capacity_type)
    error_message = "graviton_node_group.capacity_type must be ON_DEMAND or SPOT."
  }

  validation {
    condition = (
      var.graviton_node_group.min_size >= 0 &&
      var.graviton_node_group.min_size <= var.graviton_node_group.desired_size &&
      var.graviton_node_group.desired_size <= var.graviton_node_group.max_size &&
      var.graviton_node_group.max_size >= 1
    )
    error_message = "graviton_node_group sizes must satisfy 0 <= min_size <= desired_size <= max_size, with max_size >= 1."
  }

  validation {
    condition = alltrue([
      for taint in values(var.graviton_node_group.taints) : contains(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"], taint.effect)
    ])
    error_message = "graviton_node_group.taints effects must be NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE (the EKS API's names)."
  }
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
