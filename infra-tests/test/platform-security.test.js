// The security boundaries of one environment, read from the repository's Terraform as each
// environment instantiates it: NetworkPolicies enforced, one broker user per service with only
// its own routing keys, each service's login in its own Secrets Manager entry, PostgreSQL over
// verified TLS, and Argo CD able to order the app of apps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadRepository, blockAt } from '../lib/repository.js';

const { modules, roots } = await loadRepository();
const ENVIRONMENTS = ['environments/dev', 'environments/prod'];

const find = (root, address) => blockAt(roots, root, address);

for (const env of ENVIRONMENTS) {
  test(`${env}: the VPC CNI enforces NetworkPolicies`, () => {
    const eks = find(env, 'module.frameflow.module.cluster.module.eks');
    assert.match(eks.body.cluster_addons['vpc-cni'].configuration_values, /enableNetworkPolicy\s*=\s*"true"/);
  });
}

// What each service may do on frameflow.events, as RabbitMQ would evaluate the topic patterns.
const topic = (env, service) => {
  const grant = find(env, `module.frameflow.module.broker_users.rabbitmq_topic_permissions.${service}`);
  const [permissions] = grant.body.permissions;
  assert.equal(permissions.exchange, 'frameflow.events');
  return { write: new RegExp(permissions.write), read: new RegExp(permissions.read) };
};
const resources = (env, service) => {
  const grant = find(env, `module.frameflow.module.broker_users.rabbitmq_permissions.${service}`);
  const [permissions] = grant.body.permissions;
  return Object.fromEntries(['configure', 'write', 'read'].map((k) => [k, new RegExp(permissions[k])]));
};

for (const env of ENVIRONMENTS) {
  test(`${env}: only the operator may publish video.status, only the api-gateway video.uploaded and video.cancelled`, () => {
    const gateway = topic(env, 'api_gateway');
    const operator = topic(env, 'operator');
    assert.ok(gateway.write.test('video.uploaded') && gateway.write.test('video.cancelled'));
    assert.ok(!gateway.write.test('video.status'), 'the api-gateway cannot forge a status');
    assert.ok(operator.write.test('video.status'));
    assert.ok(!operator.write.test('video.uploaded') && !operator.write.test('video.cancelled'));
    // each binds its queues only with the keys it consumes
    assert.ok(gateway.read.test('video.status') && !gateway.read.test('video.uploaded'));
    assert.ok(operator.read.test('video.uploaded') && operator.read.test('video.cancelled'));
    assert.ok(!operator.read.test('video.status'));
  });

  test(`${env}: each broker user reaches its own queues and the two exchanges, nothing else`, () => {
    const gateway = resources(env, 'api_gateway');
    const operator = resources(env, 'operator');
    assert.ok(gateway.read.test('frameflow.gateway.video-status') && gateway.write.test('frameflow.events'));
    assert.ok(operator.read.test('frameflow.operator.video-uploaded') && operator.read.test('frameflow.operator.video-cancelled'));
    assert.ok(operator.write.test('frameflow.events'));
    for (const [who, own, foreign] of [
      [gateway, 'frameflow.gateway.video-status', 'frameflow.operator.video-uploaded'],
      [operator, 'frameflow.operator.video-uploaded', 'frameflow.gateway.video-status'],
    ]) {
      assert.ok(who.configure.test(own));
      for (const kind of ['configure', 'write', 'read']) {
        assert.ok(!who[kind].test(foreign), `${kind} ${foreign}`);
        assert.ok(!who[kind].test('amq.default'), `${kind} on the default exchange`);
      }
      // the broker dead-letters by itself: nobody publishes to the DLX
      assert.ok(!who.write.test('frameflow.events.dlx'));
    }
  });

  test(`${env}: the broker's administrator reaches no pod; each service's login is its own entry`, () => {
    // the pods' entries get no value from Terraform (scripts write them) and the administrator's
    // entry is the broker module's, outside the entries External Secrets may read
    const secrets = find(env, 'module.frameflow.module.secrets');
    assert.deepEqual(Object.keys(secrets.body).filter((k) => !['source'].includes(k)).sort(), ['prefix', 'smtp_enabled', 'tags']);
    const admin = find(env, 'module.frameflow.module.broker.aws_secretsmanager_secret.admin');
    assert.equal(admin.body.name, 'frameflow/${var.environment}/rabbitmq-admin');
    assert.equal(find(env, 'module.frameflow.module.cluster_addons').body.secret_arns, '${concat(module.secrets.arns, [module.database.master_user_secret_arn])}');
  });
}

test('the Secrets Manager entries are one per Kubernetes Secret, the broker split by service', () => {
  // locals.descriptions stays an expression (merge(...)): read its keys from the text
  const text = modules['modules/secrets'].locals.descriptions;
  for (const entry of ['rabbitmq-api-gateway', 'rabbitmq-operator', 'jwt']) {
    assert.match(text, new RegExp(`\\s${entry}\\s+= "Secret frameflow-${entry}:`), entry);
  }
  assert.doesNotMatch(text, /\srabbitmq\s+=/, 'no shared broker login');
  // frameflow-postgresql is RDS's own entry of the master login (state-secrets.test.js)
  assert.doesNotMatch(text, /\spostgresql\s+=/, 'no Terraform-made database entry');
});

test('the datasource URL verifies the single RDS instance against the shipped CA bundle', () => {
  const url = modules['modules/database'].output.jdbc_url.value;
  assert.match(url, /^jdbc:postgresql:\/\/\$\{module\.rds\.db_instance_address\}:/, 'the instance endpoint, not a cluster one');
  assert.match(url, /[?&]sslmode=verify-full(&|$)/);
  assert.match(url, /[?&]sslrootcert=\/etc\/frameflow\/rds-ca\/global-bundle\.pem(&|$)/);
});

test('the platform outputs the load balancer subnets (NetworkPolicy and trusted proxies)', () => {
  assert.equal(modules['modules/platform'].output.load_balancer_subnet_cidrs.value, '${module.network.public_subnet_cidrs}');
  assert.equal(modules['modules/network'].output.public_subnet_cidrs.value, '${module.vpc.public_subnets_cidr_blocks}');
});

test('Argo CD judges Application health, so the root application waits wave by wave', () => {
  const release = roots['environments/prod'].find((b) => b.address === 'module.frameflow.module.cluster_addons.helm_release.argo_cd');
  assert.match(JSON.stringify(release.body.values), /resource\.customizations\.health\.argoproj\.io_Application/);
  assert.match(modules['modules/cluster-addons'].locals.application_health, /obj\.status\.health\.status/);
});

// The extractor's NetworkPolicy can name addresses, not a prefix list or a DNS name: S3 is an
// interface endpoint with private DNS for the whole VPC, in /28s that hold nothing else, and each
// overlay's extractor policy names exactly those on 443.
for (const env of ENVIRONMENTS) {
  test(`${env}: S3 is an interface endpoint in the endpoint subnets the extractor's NetworkPolicy names`, async () => {
    const endpoint = find(env, 'module.frameflow.module.network.aws_vpc_endpoint.s3');
    assert.equal(endpoint.body.vpc_endpoint_type, 'Interface');
    assert.equal(endpoint.body.private_dns_enabled, true);
    assert.equal(endpoint.body.dns_options[0].private_dns_only_for_inbound_resolver_endpoint, false);
    assert.match(endpoint.body.service_name, /\.s3$/);
    assert.equal(endpoint.body.subnet_ids, '${module.vpc.intra_subnets}');

    const vpc = find(env, 'module.frameflow.module.network.module.vpc');
    const subnets = vpc.body.intra_subnets;
    assert.equal(subnets.length, 3);
    // nothing else lives there: no other subnet of the VPC overlaps them
    const others = [...vpc.body.public_subnets, ...vpc.body.database_subnets];
    for (const s of subnets) {
      assert.match(s, /\/28$/);
      assert.ok(!others.includes(s));
    }
    const ingress = find(env, 'module.frameflow.module.network.aws_vpc_security_group_ingress_rule.s3_endpoint_https');
    assert.equal(ingress.body.from_port, 443);
    assert.equal(ingress.body.to_port, 443);

    const { readFile } = await import('node:fs/promises');
    const { parseAllDocuments } = await import('yaml');
    const name = env.split('/')[1];
    const patches = await readFile(new URL(`../../kustomize/overlays/${name}/patches/networkpolicies.yaml`, import.meta.url), 'utf8');
    const extractor = parseAllDocuments(patches).map((d) => d.toJS()).find((d) => d?.metadata?.name === 'frameflow-extractor');
    assert.ok(extractor, `${name} overlay patches the extractor policy`);
    const https = extractor.spec.egress.filter((r) => r.ports.some((p) => p.port === 443));
    assert.deepEqual(https.flatMap((r) => r.to.map((t) => t.ipBlock?.cidr)), subnets);
  });
}
