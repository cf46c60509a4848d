output "upload_bucket" {
  description = "FRAMEFLOW_S3_UPLOAD_BUCKET"
  value       = module.bucket["uploads"].id
}

output "result_bucket" {
  description = "FRAMEFLOW_S3_RESULT_BUCKET"
  value       = module.bucket["results"].id
}

output "upload_bucket_arn" {
  value = module.bucket["uploads"].arn
}

output "result_bucket_arn" {
  value = module.bucket["results"].arn
}

output "kms_key_arn" {
  description = "Key the pods need to read and write the buckets' objects"
  value       = aws_kms_key.storage.arn
}
