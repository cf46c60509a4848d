output "upload_bucket" {
  description = "FRAMEFLOW_S3_UPLOAD_BUCKET"
  value       = aws_s3_bucket.this["uploads"].id
}

output "result_bucket" {
  description = "FRAMEFLOW_S3_RESULT_BUCKET"
  value       = aws_s3_bucket.this["results"].id
}

output "upload_bucket_arn" {
  value = aws_s3_bucket.this["uploads"].arn
}

output "result_bucket_arn" {
  value = aws_s3_bucket.this["results"].arn
}

output "kms_key_arn" {
  description = "Key the pods need to read and write the buckets' objects"
  value       = aws_kms_key.storage.arn
}
