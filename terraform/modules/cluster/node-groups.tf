# The cluster's managed node groups: the default x86-64 one, and an optional Graviton (arm64) one
# beside it (var.graviton_node_group, off unless enabled). Every Frameflow image is a multi-arch
# index (linux/amd64 and linux/arm64, .github/workflows/images.yml) and nothing in the chart or the
# overlays pins an architecture, so the scheduler may put any pod, extraction Jobs included, on
# either group: each node pulls its own platform's image. Kept in a file of its own, locals only,
# so that infra-tests/test/graviton.test.js evaluates it with terraform itself, offline.
locals {
  default_node_group = {
    ami_type       = "AL2023_x86_64_STANDARD"
    instance_types = var.node_instance_types
    capacity_type  = var.node_capacity_type
    min_size       = var.node_min_size
    max_size       = var.node_max_size
    desired_size   = var.node_desired_size
  }

  # Amazon Linux 2023 for arm64. No taint by default: extraction pods carry no tolerations (the
  # Job admission policy refuses any), so a tainted group would get no extraction work at all.
  graviton_node_group = {
    ami_type       = "AL2023_ARM_64_STANDARD"
    instance_types = var.graviton_node_group.instance_types
    capacity_type  = var.graviton_node_group.capacity_type
    min_size       = var.graviton_node_group.min_size
    max_size       = var.graviton_node_group.max_size
    desired_size   = var.graviton_node_group.desired_size
    taints         = var.graviton_node_group.taints
  }

  eks_managed_node_groups = merge(
    { default = local.default_node_group },
    var.graviton_node_group.enabled ? { graviton = local.graviton_node_group } : {},
  )
}
