# Account-wide pieces shared by dev and prod: the three ECR repositories (an image is built once
# and promoted from dev to prod by its tag) and the role GitHub Actions uses to push to them.
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = "frameflow"
      ManagedBy = "terraform"
    }
  }
}

module "ecr" {
  source = "../../modules/ecr"

  repositories = ["frameflow/api-gateway", "frameflow/operator", "frameflow/frame-extractor"]
}

module "github_ci" {
  source = "../../modules/github-ci"

  github_repository = var.github_repository
  repository_arns   = module.ecr.repository_arns
}
