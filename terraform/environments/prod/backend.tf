# State in the bucket made by terraform/bootstrap, with S3's native locking (a .tflock object
# next to the state). The bucket and region are given at init:
#   terraform init -backend-config="bucket=<state bucket>" -backend-config="region=<region>"
terraform {
  backend "s3" {
    key          = "prod/terraform.tfstate"
    use_lockfile = true
    encrypt      = true
  }
}
