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

output "password" {
  value     = random_password.master.result
  sensitive = true
}

output "jdbc_url" {
  description = "SPRING_DATASOURCE_URL"
  value       = "jdbc:postgresql://${module.rds.db_instance_address}:${module.rds.db_instance_port}/${var.database_name}?sslmode=require"
}
