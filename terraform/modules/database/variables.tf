variable "name" {
  description = "DB instance identifier"
  type        = string
}

variable "vpc_id" {
  type = string
}

variable "db_subnet_group_name" {
  description = "Subnet group over the VPC's database subnets"
  type        = string
}

variable "client_security_group_id" {
  description = "Security group allowed to connect (the EKS nodes')"
  type        = string
}

variable "engine_version" {
  description = "PostgreSQL major version"
  type        = string
  default     = "17"
}

variable "instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "allocated_storage" {
  type    = number
  default = 20
}

variable "max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB"
  type        = number
  default     = 200
}

variable "database_name" {
  type    = string
  default = "frameflow"
}

variable "username" {
  type    = string
  default = "frameflow"
}

variable "password_rotation_schedule" {
  description = "When RDS rotates the master password (Secrets Manager schedule expression, UTC); restart the api-gateway after it"
  type        = string
  default     = "cron(0 4 ? * MON#1 *)"
}

variable "multi_az" {
  description = "Standby in a second availability zone (prod)"
  type        = bool
  default     = false
}

variable "backup_retention_days" {
  type    = number
  default = 7
}

variable "deletion_protection" {
  description = "Protect the instance from deletion and take a final snapshot"
  type        = bool
  default     = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
