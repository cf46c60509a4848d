variable "cluster_name" {
  type = string
}

variable "region" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "oidc_provider_arn" {
  type = string
}

variable "load_balancer_controller_role_arn" {
  type = string
}

variable "secret_arns" {
  description = "Secrets Manager entries External Secrets may read (this environment's only)"
  type        = list(string)
}

variable "prometheus_retention" {
  type    = string
  default = "15d"
}

variable "chart_versions" {
  description = "Pinned Helm chart versions"
  type = object({
    aws_load_balancer_controller = string
    external_secrets             = string
    argo_cd                      = string
    kube_prometheus_stack        = string
  })
  default = {
    aws_load_balancer_controller = "1.10.0"
    external_secrets             = "0.10.5"
    argo_cd                      = "7.7.0"
    kube_prometheus_stack        = "66.2.1"
  }
}

variable "tags" {
  type    = map(string)
  default = {}
}
