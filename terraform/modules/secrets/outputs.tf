output "names" {
  description = "Entry -> Secrets Manager name (the remoteRef.key of the ExternalSecrets)"
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}

output "arns" {
  value = [for s in aws_secretsmanager_secret.this : s.arn]
}
