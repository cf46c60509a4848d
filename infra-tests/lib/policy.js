// Security policy over a Terraform configuration (see terraform.js for the model). Each rule
// returns violations { rule, address, message }; a rule that needs a literal value (true,
// "IMMUTABLE", ...) flags anything it cannot see as that literal, so a setting hidden behind an
// unknown expression fails rather than passes.
import { asList, firstBlock } from './terraform.js';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);
const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const S3_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse', 'AES256']);

/** Security groups allowed to take HTTPS (443/tcp) from anywhere: the load balancer's. */
export const LOAD_BALANCER_SECURITY_GROUPS = new Set(['alb']);

/** Community modules reviewed for these rules; anything else must be reviewed first. */
export const REVIEWED_EXTERNAL_MODULES = new Set([
  'terraform-aws-modules/vpc/aws',
  'terraform-aws-modules/eks/aws',
  'terraform-aws-modules/rds/aws',
  'terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks',
]);

const RDS_MODULE = 'terraform-aws-modules/rds/aws';
const EKS_MODULE = 'terraform-aws-modules/eks/aws';
const VPC_MODULE = 'terraform-aws-modules/vpc/aws';

export const RULES = {
  's3-public-access-blocked': s3PublicAccessBlocked,
  's3-no-public-acl': s3NoPublicAcl,
  's3-encrypted': s3Encrypted,
  'rds-encrypted': rdsEncrypted,
  'rds-private': rdsPrivate,
  'rds-multi-az-in-prod': rdsMultiAzInProd,
  'rds-backups': rdsBackups,
  'mq-encrypted': mqEncrypted,
  'mq-private': mqPrivate,
  'ecr-immutable-tags': ecrImmutableTags,
  'ecr-scan-on-push': ecrScanOnPush,
  'ecr-lifecycle-policy': ecrLifecyclePolicy,
  'no-open-ingress': noOpenIngress,
  'external-modules-reviewed-and-pinned': externalModulesReviewedAndPinned,
  'helm-charts-pinned': helmChartsPinned,
  'eks-network-policy-enforced': eksNetworkPolicyEnforced,
  'rabbitmq-users-least-privilege': rabbitmqUsersLeastPrivilege,
};

/** Runs every rule over the blocks of one instantiated root. */
export function checkAll(blocks) {
  return Object.entries(RULES).flatMap(([rule, check]) =>
    check(blocks).map((v) => ({ rule, ...v })),
  );
}

const violation = (block, message) => ({ address: block.address, message });

function ofType(blocks, ...types) {
  return blocks.filter((b) => b.kind === 'resource' && types.includes(b.type));
}

function externalModules(blocks, source) {
  return blocks.filter((b) => b.kind === 'external-module' && b.type === source);
}

/**
 * The companion resources of `type` that configure `target` (e.g. the public access block of a
 * bucket): same module instance, and its `attribute` refers to the target, directly or by
 * iterating over it with for_each.
 */
function companions(blocks, target, type, attribute) {
  const ref = `${target.type}.${target.name}`;
  const targetForEach = target.body.for_each;
  return ofType(blocks, type).filter((c) => {
    if (c.instance !== target.instance) {
      return false;
    }
    const value = String(c.body[attribute] ?? '');
    const refersDirectly = value.includes(`${ref}.`) || value.includes(`${ref}[`);
    const iteratesTarget =
      value.includes('each.') &&
      (c.body.for_each === `\${${ref}}` ||
        (targetForEach !== undefined && c.body.for_each === targetForEach));
    if (targetForEach !== undefined) {
      // a bucket created per key needs a companion per key, not one for a single key
      return iteratesTarget || (refersDirectly && c.body.for_each !== undefined && value.includes(`${ref}[each.`));
    }
    return refersDirectly || iteratesTarget;
  });
}

function s3PublicAccessBlocked(blocks) {
  const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
  return ofType(blocks, 'aws_s3_bucket').flatMap((bucket) => {
    const blocksOfBucket = companions(blocks, bucket, 'aws_s3_bucket_public_access_block', 'bucket');
    if (blocksOfBucket.length === 0) {
      return [violation(bucket, 'bucket has no aws_s3_bucket_public_access_block')];
    }
    return blocksOfBucket.flatMap((pab) =>
      flags
        .filter((flag) => pab.body[flag] !== true)
        .map((flag) => violation(pab, `${flag} must be true (is ${JSON.stringify(pab.body[flag])})`)),
    );
  });
}

function s3NoPublicAcl(blocks) {
  const onBuckets = ofType(blocks, 'aws_s3_bucket')
    .filter((b) => PUBLIC_ACLS.has(b.body.acl))
    .map((b) => violation(b, `public canned ACL ${b.body.acl}`));
  const aclResources = ofType(blocks, 'aws_s3_bucket_acl')
    .filter((b) => PUBLIC_ACLS.has(b.body.acl))
    .map((b) => violation(b, `public canned ACL ${b.body.acl}`));
  return [...onBuckets, ...aclResources];
}

function s3Encrypted(blocks) {
  return ofType(blocks, 'aws_s3_bucket').flatMap((bucket) => {
    const configs = companions(blocks, bucket, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket');
    if (configs.length === 0) {
      return [violation(bucket, 'bucket has no aws_s3_bucket_server_side_encryption_configuration')];
    }
    return configs.flatMap((config) => {
      const byDefault = firstBlock(firstBlock(config.body.rule)?.apply_server_side_encryption_by_default);
      return S3_ALGORITHMS.has(byDefault?.sse_algorithm)
        ? []
        : [violation(config, `sse_algorithm must be one of ${[...S3_ALGORITHMS]} (is ${JSON.stringify(byDefault?.sse_algorithm)})`)];
    });
  });
}

/** RDS instances and clusters, whether plain resources or the community module. */
function databases(blocks) {
  return [
    ...ofType(blocks, 'aws_db_instance', 'aws_rds_cluster'),
    ...externalModules(blocks, RDS_MODULE),
  ];
}

function rdsEncrypted(blocks) {
  return databases(blocks)
    .filter((db) => db.body.storage_encrypted !== true)
    .map((db) => violation(db, `storage_encrypted must be true (is ${JSON.stringify(db.body.storage_encrypted)})`));
}

function rdsPrivate(blocks) {
  return [...databases(blocks), ...ofType(blocks, 'aws_rds_cluster_instance')]
    .filter((db) => db.type !== 'aws_rds_cluster') // a cluster's instances carry the setting
    .filter((db) => db.body.publicly_accessible !== false)
    .map((db) => violation(db, `publicly_accessible must be false (is ${JSON.stringify(db.body.publicly_accessible)})`));
}

function rdsMultiAzInProd(blocks) {
  return databases(blocks)
    .filter((db) => db.environment === 'prod' && db.type !== 'aws_rds_cluster')
    .filter((db) => db.body.multi_az !== true)
    .map((db) => violation(db, `prod database must be Multi-AZ (multi_az is ${JSON.stringify(db.body.multi_az)})`));
}

function rdsBackups(blocks) {
  return databases(blocks)
    .filter((db) => !(Number(db.body.backup_retention_period) >= 1))
    .map((db) => violation(db, `automated backups must be kept at least a day (backup_retention_period is ${JSON.stringify(db.body.backup_retention_period)})`));
}

function mqEncrypted(blocks) {
  return ofType(blocks, 'aws_mq_broker').flatMap((broker) => {
    const options = firstBlock(broker.body.encryption_options);
    if (!options) {
      return [violation(broker, 'encryption_options must be stated')];
    }
    if (options.use_aws_owned_key === false && !options.kms_key_id) {
      return [violation(broker, 'encryption_options without the AWS owned key needs kms_key_id')];
    }
    if (options.use_aws_owned_key !== false && options.use_aws_owned_key !== true && !options.kms_key_id) {
      return [violation(broker, 'encryption_options must say which key encrypts the broker')];
    }
    return [];
  });
}

function mqPrivate(blocks) {
  return ofType(blocks, 'aws_mq_broker')
    .filter((broker) => broker.body.publicly_accessible !== false)
    .map((broker) => violation(broker, `publicly_accessible must be false (is ${JSON.stringify(broker.body.publicly_accessible)})`));
}

function ecrImmutableTags(blocks) {
  return ofType(blocks, 'aws_ecr_repository')
    .filter((repo) => repo.body.image_tag_mutability !== 'IMMUTABLE')
    .map((repo) => violation(repo, `image_tag_mutability must be IMMUTABLE (is ${JSON.stringify(repo.body.image_tag_mutability)})`));
}

function ecrScanOnPush(blocks) {
  return ofType(blocks, 'aws_ecr_repository')
    .filter((repo) => firstBlock(repo.body.image_scanning_configuration)?.scan_on_push !== true)
    .map((repo) => violation(repo, 'image_scanning_configuration.scan_on_push must be true'));
}

function ecrLifecyclePolicy(blocks) {
  return ofType(blocks, 'aws_ecr_repository')
    .filter((repo) => companions(blocks, repo, 'aws_ecr_lifecycle_policy', 'repository').length === 0)
    .map((repo) => violation(repo, 'repository has no aws_ecr_lifecycle_policy'));
}

const opensToAnywhere = (...cidrLists) => cidrLists.flatMap(asList).some((cidr) => ANYWHERE.has(cidr));

function isHttps(rule) {
  const protocol = String(rule.protocol ?? rule.ip_protocol ?? '').toLowerCase();
  return Number(rule.from_port) === 443 && Number(rule.to_port) === 443 && (protocol === 'tcp' || protocol === '6');
}

/** The security group a standalone rule belongs to, by Terraform name (or undefined). */
function groupName(rule) {
  const match = /aws_security_group\.([A-Za-z0-9_-]+)[.[]/.exec(String(rule.security_group_id ?? ''));
  return match?.[1];
}

function noOpenIngress(blocks) {
  const found = [];
  const check = (block, rule, group, what) => {
    if (!opensToAnywhere(rule.cidr_blocks, rule.ipv6_cidr_blocks, rule.cidr_ipv4, rule.cidr_ipv6)) {
      return;
    }
    if (isHttps(rule) && LOAD_BALANCER_SECURITY_GROUPS.has(group)) {
      return; // the load balancer's HTTPS listener is the one public entry point
    }
    found.push(violation(block, `${what} admits the whole internet (ports ${rule.from_port}-${rule.to_port}); only the load balancer's 443 may`));
  };
  for (const sg of ofType(blocks, 'aws_security_group')) {
    for (const rule of asList(sg.body.ingress)) {
      check(sg, rule, sg.name, 'inline ingress rule');
    }
  }
  for (const rule of ofType(blocks, 'aws_security_group_rule').filter((r) => r.body.type === 'ingress')) {
    check(rule, rule.body, groupName(rule.body), 'ingress rule');
  }
  for (const rule of ofType(blocks, 'aws_vpc_security_group_ingress_rule')) {
    check(rule, rule.body, groupName(rule.body), 'ingress rule');
  }
  for (const eks of externalModules(blocks, EKS_MODULE)) {
    for (const input of ['cluster_security_group_additional_rules', 'node_security_group_additional_rules']) {
      const rules = eks.body[input];
      for (const [key, rule] of Object.entries(rules && typeof rules === 'object' ? rules : {})) {
        if (rule.type === 'ingress') {
          check(eks, rule, undefined, `${input}.${key}`);
        }
      }
    }
    if (eks.body.cluster_endpoint_public_access !== false) {
      const cidrs = eks.body.cluster_endpoint_public_access_cidrs;
      if (cidrs === undefined) {
        found.push(violation(eks, 'public API endpoint without cluster_endpoint_public_access_cidrs (the module defaults to 0.0.0.0/0)'));
      } else if (opensToAnywhere(cidrs)) {
        found.push(violation(eks, 'Kubernetes API endpoint open to the whole internet'));
      }
    }
  }
  for (const vpc of externalModules(blocks, VPC_MODULE)) {
    for (const rule of asList(vpc.body.default_security_group_ingress)) {
      check(vpc, { ...rule, cidr_blocks: String(rule.cidr_blocks ?? '').split(',') }, undefined, 'default_security_group_ingress');
    }
  }
  return found;
}

function externalModulesReviewedAndPinned(blocks) {
  return blocks
    .filter((b) => b.kind === 'external-module')
    .flatMap((m) => {
      if (!REVIEWED_EXTERNAL_MODULES.has(m.type)) {
        return [violation(m, `module source ${m.type} is not reviewed for these rules (add it to REVIEWED_EXTERNAL_MODULES with checks)`)];
      }
      if (!/^\d+\.\d+\.\d+$/.test(String(m.body.version ?? ''))) {
        return [violation(m, `module version must be pinned exactly (is ${JSON.stringify(m.body.version)})`)];
      }
      return [];
    });
}

function helmChartsPinned(blocks) {
  return ofType(blocks, 'helm_release')
    .filter((release) => !/^v?\d+\.\d+\.\d+$/.test(String(release.body.version ?? '')))
    .map((release) => violation(release, `chart ${release.body.chart} must have an exact version (is ${JSON.stringify(release.body.version)})`));
}

/**
 * NetworkPolicies are only enforced when something implements them: on EKS, the VPC CNI add-on
 * with its network policy agent (configuration value enableNetworkPolicy = "true").
 */
function eksNetworkPolicyEnforced(blocks) {
  return externalModules(blocks, EKS_MODULE).flatMap((eks) => {
    const addons = eks.body.cluster_addons;
    const vpcCni = addons && typeof addons === 'object' ? addons['vpc-cni'] : undefined;
    if (!vpcCni) {
      return [violation(eks, 'no vpc-cni add-on: nothing enforces NetworkPolicies')];
    }
    const values = String(vpcCni.configuration_values ?? '');
    return /"?enableNetworkPolicy"?\s*[=:]\s*"true"/.test(values)
      ? []
      : [violation(eks, `vpc-cni must enforce NetworkPolicies (configuration_values enableNetworkPolicy = "true"; is ${JSON.stringify(vpcCni.configuration_values)})`)];
  });
}

/** A permission pattern that lets a user at every resource (or every routing key). */
const MATCHES_EVERYTHING = new Set(['.*', '^.*', '.*$', '^.*$', '.+', '^.+$']);

/** '' grants nothing (RabbitMQ's way to deny); anything else must be ^anchored$ and not match all. */
function scoped(pattern) {
  return pattern === '' || (typeof pattern === 'string' && !MATCHES_EVERYTHING.has(pattern) && /^\^.*\$$/.test(pattern));
}

/**
 * RabbitMQ users made by Terraform: no administrator or management tags, resource permissions
 * anchored to named exchanges and queues, and topic permissions on routing keys for each user.
 */
function rabbitmqUsersLeastPrivilege(blocks) {
  const found = [];
  const users = ofType(blocks, 'rabbitmq_user');
  for (const user of users) {
    const tags = asList(user.body.tags);
    if (tags.some((t) => ['administrator', 'management', 'policymaker', 'monitoring'].includes(t))) {
      found.push(violation(user, `a service user needs no management tags (has ${JSON.stringify(tags)})`));
    }
    const ref = `\${rabbitmq_user.${user.name}.name}`;
    const grants = (type) => ofType(blocks, type).filter((g) => g.instance === user.instance && g.body.user === ref);
    if (grants('rabbitmq_permissions').length === 0) {
      found.push(violation(user, 'user without rabbitmq_permissions'));
    }
    if (grants('rabbitmq_topic_permissions').length === 0) {
      found.push(violation(user, 'user without rabbitmq_topic_permissions: it could publish any routing key'));
    }
  }
  for (const grant of ofType(blocks, 'rabbitmq_permissions')) {
    const permissions = firstBlock(grant.body.permissions) ?? {};
    for (const kind of ['configure', 'write', 'read']) {
      const pattern = permissions[kind];
      if (!scoped(pattern)) {
        found.push(violation(grant, `${kind} must be an anchored list of names (is ${JSON.stringify(pattern)})`));
      }
    }
  }
  for (const grant of ofType(blocks, 'rabbitmq_topic_permissions')) {
    for (const permissions of asList(grant.body.permissions)) {
      for (const kind of ['write', 'read']) {
        const pattern = permissions[kind];
        if (!scoped(pattern)) {
          found.push(violation(grant, `topic ${kind} on ${permissions.exchange} must be anchored routing keys (is ${JSON.stringify(pattern)})`));
        }
      }
    }
  }
  return found;
}
