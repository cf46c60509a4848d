# After the first apply, the bootstrap state can move into the bucket it created:
# uncomment, then run: terraform init -migrate-state -backend-config="bucket=<state_bucket output>"
#
# terraform {
#   backend "s3" {
#     key          = "bootstrap/terraform.tfstate"
#     use_lockfile = true
#     encrypt      = true
#   }
# }
