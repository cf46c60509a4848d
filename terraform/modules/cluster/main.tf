# EKS with one managed node group (and an optional Graviton one: node-groups.tf), IRSA, the four core add-ons, the IAM role of the AWS Load
# Balancer Controller, and the security group the controller puts on the ALB.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.29.0"

  cluster_name    = var.name
  cluster_version = var.kubernetes_version

  vpc_id                   = var.vpc_id
  subnet_ids               = var.private_subnet_ids
  control_plane_subnet_ids = var.private_subnet_ids

  # The API server answers inside the VPC, and from outside only to the listed ranges (the
  # operators' and the Terraform runners' addresses). CI never talks to it: Argo CD pulls.
  cluster_endpoint_private_access      = true
  cluster_endpoint_public_access       = length(var.api_allowed_cidrs) > 0
  cluster_endpoint_public_access_cidrs = var.api_allowed_cidrs

  enable_irsa                              = true
  enable_cluster_creator_admin_permissions = true
  authentication_mode                      = "API"
  access_entries                           = local.access_entries

  cluster_enabled_log_types = ["api", "audit", "authenticator"]

  cluster_addons = {
    # The VPC CNI's network policy agent enforces the NetworkPolicies of kustomize/ and helm/
    # (without it they are accepted by the API server and do nothing).
    vpc-cni = {
      most_recent    = true
      before_compute = true
      configuration_values = jsonencode({
        enableNetworkPolicy = "true"
      })
    }
    coredns = {
      most_recent = true
    }
    kube-proxy = {
      most_recent = true
    }
    aws-ebs-csi-driver = {
      most_recent              = true
      service_account_role_arn = module.ebs_csi_irsa.iam_role_arn
    }
  }

  # the default (x86-64) group, and the Graviton one when enabled: node-groups.tf
  eks_managed_node_groups = local.eks_managed_node_groups

  # The ALB sends traffic straight to pod IPs (target type ip); pods use the node security group.
  node_security_group_additional_rules = {
    ingress_from_alb = {
      description              = "HTTP from the load balancer to the api-gateway pods"
      type                     = "ingress"
      protocol                 = "tcp"
      from_port                = var.app_port
      to_port                  = var.app_port
      source_security_group_id = aws_security_group.alb.id
    }
  }

  tags = var.tags
}

locals {
  # Cluster admins (people, the apply role is the creator already) and read-only viewers (the
  # Terraform plan role: refreshing the Helm releases reads them from the cluster).
  access_entries = merge(
    {
      for arn in var.admin_role_arns : arn => {
        principal_arn = arn
        policy_associations = {
          admin = {
            policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
            access_scope = { type = "cluster" }
          }
        }
      }
    },
    {
      for arn in var.viewer_role_arns : arn => {
        principal_arn = arn
        policy_associations = {
          view = {
            policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy"
            access_scope = { type = "cluster" }
          }
        }
      }
    }
  )
}

module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "5.30.0"

  role_name             = "${var.name}-ebs-csi"
  attach_ebs_csi_policy = true

  oidc_providers = {
    cluster = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }

  tags = var.tags
}

module "load_balancer_controller_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "5.30.0"

  role_name                              = "${var.name}-aws-load-balancer-controller"
  attach_load_balancer_controller_policy = true

  oidc_providers = {
    cluster = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }

  tags = var.tags
}
