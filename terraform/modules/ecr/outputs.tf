output "repository_urls" {
  description = "Repository name -> URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>)"
  value       = { for name, repo in aws_ecr_repository.this : name => repo.repository_url }
}

output "repository_arns" {
  value = [for repo in aws_ecr_repository.this : repo.arn]
}

output "registry" {
  description = "Registry host, the <registry> of the Kustomize image names"
  value       = split("/", values(aws_ecr_repository.this)[0].repository_url)[0]
}
