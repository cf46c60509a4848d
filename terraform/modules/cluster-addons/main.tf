# Cluster software installed by Helm once the cluster exists: the AWS Load Balancer Controller
# (ALB for the Ingress), External Secrets (Secrets Manager -> Kubernetes Secrets), Argo CD
# (deploys the Kustomize overlays) and kube-prometheus-stack (Prometheus, Alertmanager, Grafana).
# Chart versions are pinned; bump them deliberately.

resource "helm_release" "aws_load_balancer_controller" {
  name       = "aws-load-balancer-controller"
  namespace  = "kube-system"
  repository = "https://aws.github.io/eks-charts"
  chart      = "aws-load-balancer-controller"
  version    = var.chart_versions.aws_load_balancer_controller

  values = [yamlencode({
    clusterName = var.cluster_name
    region      = var.region
    vpcId       = var.vpc_id
    serviceAccount = {
      name        = "aws-load-balancer-controller"
      annotations = { "eks.amazonaws.com/role-arn" = var.load_balancer_controller_role_arn }
    }
  })]
}

module "external_secrets_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "5.30.0"

  role_name                             = "${var.cluster_name}-external-secrets"
  attach_external_secrets_policy        = true
  external_secrets_secrets_manager_arns = var.secret_arns
  external_secrets_ssm_parameter_arns   = []

  oidc_providers = {
    cluster = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["external-secrets:external-secrets"]
    }
  }

  tags = var.tags
}

resource "helm_release" "external_secrets" {
  name             = "external-secrets"
  namespace        = "external-secrets"
  create_namespace = true
  repository       = "https://charts.external-secrets.io"
  chart            = "external-secrets"
  version          = var.chart_versions.external_secrets

  values = [yamlencode({
    installCRDs = true
    serviceAccount = {
      name        = "external-secrets"
      annotations = { "eks.amazonaws.com/role-arn" = module.external_secrets_irsa.iam_role_arn }
    }
  })]
}

resource "helm_release" "argo_cd" {
  name             = "argo-cd"
  namespace        = "argocd"
  create_namespace = true
  repository       = "https://argoproj.github.io/argo-helm"
  chart            = "argo-cd"
  version          = var.chart_versions.argo_cd

  values = [yamlencode({
    # the usual names: argocd-server, argocd-repo-server, ...
    fullnameOverride = "argocd"
    # Argo CD stays inside the cluster (kubectl port-forward or an internal Ingress): the only
    # public entry point is the api-gateway's ALB.
    server = { service = { type = "ClusterIP" } }
    configs = {
      params = { "server.insecure" = false }
      cm = {
        # Health of Application objects, so that the root application (kustomize/argocd/root)
        # waits for each sync wave's applications to be Healthy before the next wave: CRDs ->
        # the environment (operator, then api-gateway). Argo CD dropped this check by default
        # in 1.8; app-of-apps ordering needs it back.
        "resource.customizations.health.argoproj.io_Application" = local.application_health
      }
    }
  })]

  depends_on = [helm_release.aws_load_balancer_controller]
}

resource "helm_release" "kube_prometheus_stack" {
  name             = "kube-prometheus-stack"
  namespace        = "monitoring"
  create_namespace = true
  repository       = "https://prometheus-community.github.io/helm-charts"
  chart            = "kube-prometheus-stack"
  version          = var.chart_versions.kube_prometheus_stack

  values = [yamlencode({
    # Pick up the ServiceMonitors and PrometheusRules of every namespace (the Frameflow chart
    # ships its own), not only those labelled with this release's name.
    prometheus = {
      prometheusSpec = {
        serviceMonitorSelectorNilUsesHelmValues = false
        podMonitorSelectorNilUsesHelmValues     = false
        ruleSelectorNilUsesHelmValues           = false
        retention                               = var.prometheus_retention
        storageSpec = {
          volumeClaimTemplate = {
            spec = {
              storageClassName = "gp2"
              accessModes      = ["ReadWriteOnce"]
              resources        = { requests = { storage = "50Gi" } }
            }
          }
        }
      }
    }
    grafana = {
      # Dashboards shipped as ConfigMaps labelled grafana_dashboard=1 in any namespace.
      sidecar = { dashboards = { enabled = true, searchNamespace = "ALL" } }
    }
  })]

  depends_on = [helm_release.aws_load_balancer_controller]
}

locals {
  # Argo CD's documented health check for Application resources (Lua).
  application_health = <<-LUA
    hs = {}
    hs.status = "Progressing"
    hs.message = ""
    if obj.status ~= nil then
      if obj.status.health ~= nil then
        hs.status = obj.status.health.status
        if obj.status.health.message ~= nil then
          hs.message = obj.status.health.message
        end
      end
    end
    return hs
  LUA
}
