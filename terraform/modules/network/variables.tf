variable "name" {
  description = "Name of the VPC and prefix of its resources"
  type        = string
}

variable "cidr" {
  description = "VPC address range; a /16 leaves room for pods on the private subnets"
  type        = string
  default     = "10.0.0.0/16"
}

variable "endpoint_subnets" {
  description = "Three /28s inside cidr for the interface VPC endpoints (S3); NetworkPolicies name them as S3's addresses"
  type        = list(string)

  validation {
    condition     = length(var.endpoint_subnets) == 3 && alltrue([for c in var.endpoint_subnets : endswith(c, "/28")])
    error_message = "endpoint_subnets must be three /28s, one per availability zone."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for the VPC (dev) instead of one per availability zone (prod)"
  type        = bool
  default     = false
}

variable "enable_flow_log" {
  description = "Send VPC flow logs to CloudWatch"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}
