output "address" {
  value = module.rds.db_instance_address
}

output "port" {
  value = module.rds.db_instance_port
}

output "database_name" {
  value = var.database_name
}

output "username" {
  value = var.username
}

# RDS's own Secrets Manager entry of the master login ({"username", "password"}): an ARN, no value
output "master_user_secret_arn" {
  value = module.rds.db_instance_master_user_secret_arn
}

# The single instance's endpoint (<identifier>.<id>.<region>.rds.amazonaws.com, no Aurora-style
# "cluster-" name), verified against the RDS CA bundle that api-gateway/Dockerfile puts at
# /etc/frameflow/rds-ca/global-bundle.pem: the certificate must chain to RDS's CA and name the host.
output "jdbc_url" {
  description = "SPRING_DATASOURCE_URL"
  value       = "jdbc:postgresql://${module.rds.db_instance_address}:${module.rds.db_instance_port}/${var.database_name}?sslmode=verify-full&sslrootcert=/etc/frameflow/rds-ca/global-bundle.pem"
}
