output "id" {
  description = "Bucket name"
  value       = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
