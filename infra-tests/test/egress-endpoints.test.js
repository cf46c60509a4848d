// The AWS side of conformance/egress.yaml: a component whose egress NetworkPolicy keeps it inside
// the VPC (no rule to the internet on the destination's port) reaches each AWS service it
// declares only if Terraform puts that service in the VPC: an interface VPC endpoint with private
// DNS (or, for S3, a gateway endpoint) for `reach: endpoint`, the broker / database itself for
// `reach: vpc`. The deploy tests (EgressConformanceTest) check the Kubernetes side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse } from 'yaml';
import { loadRepository } from '../lib/repository.js';
import { firstBlock } from '../lib/terraform.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const declaration = parse(readFileSync(path.join(REPO, 'conformance/egress.yaml'), 'utf8'));
const { roots } = await loadRepository();

/** The Kubernetes objects `kubectl kustomize DIR` renders. */
function kustomize(dir) {
  const out = execFileSync('kubectl', ['kustomize', path.join(REPO, dir)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
}

export function selects(selector, labels) {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const value = labels[e.key];
    const ok = {
      Exists: value !== undefined,
      DoesNotExist: value === undefined,
      In: value !== undefined && (e.values ?? []).includes(value),
      NotIn: value === undefined || !(e.values ?? []).includes(value),
    }[e.operator];
    if (!ok) return false;
  }
  return true;
}

function podLabels(component, objects) {
  if (component.pods.labels) return component.pods.labels;
  const name = component.pods.workload;
  const workload = objects.find(
    (o) => ['Deployment', 'StatefulSet'].includes(o.kind) && [name, `frameflow-${name}`].includes(o.metadata.name),
  );
  return workload?.spec.template.metadata.labels;
}

/**
 * Whether the component's egress on this port is kept inside the VPC: some NetworkPolicy with
 * Egress selects its pods and no rule on the port reaches 0.0.0.0/0.
 */
export function restrictedOnPort(objects, labels, port) {
  const policies = objects.filter(
    (o) => o.kind === 'NetworkPolicy' && (o.spec.policyTypes ?? []).includes('Egress') && selects(o.spec.podSelector, labels),
  );
  if (policies.length === 0) return false;
  const rules = policies.flatMap((p) => p.spec.egress ?? []);
  const onPort = rules.filter((r) => !r.ports?.length || r.ports.some((p) => p.port === port));
  return !onPort.some((r) => !r.to?.length || r.to.some((peer) => peer.ipBlock?.cidr === '0.0.0.0/0'));
}

/** How Terraform puts an AWS service in the VPC, or null with the reason. */
export function inVpc(blocks, service, reach) {
  if (reach === 'endpoint') {
    const endpoints = blocks.filter(
      (b) => b.type === 'aws_vpc_endpoint' && String(b.body.service_name ?? '').match(new RegExp(`^com\\.amazonaws\\.(\\$\\{[^}]+\\}|[a-z0-9-]+)\\.${service.replace('.', '\\.')}$`)),
    );
    const interfaceWithDns = endpoints.find(
      (b) => (b.body.vpc_endpoint_type ?? 'Gateway') === 'Interface' && b.body.private_dns_enabled === true,
    );
    if (interfaceWithDns) return `interface endpoint ${interfaceWithDns.address} (private DNS)`;
    const gateway = endpoints.find((b) => (b.body.vpc_endpoint_type ?? 'Gateway') === 'Gateway' && service === 's3');
    if (gateway) return `gateway endpoint ${gateway.address}`;
    return null;
  }
  if (reach === 'vpc') {
    const resource = {
      mq: (b) => b.type === 'aws_mq_broker' && firstBlock(b.body).publicly_accessible !== true,
      rds: (b) =>
        (b.type === 'aws_db_instance' || b.type === 'terraform-aws-modules/rds/aws') && b.body.publicly_accessible !== true,
    }[service];
    const found = resource && blocks.find(resource);
    return found ? `${found.address} in the VPC` : null;
  }
  return null;
}

const awsEnvironments = Object.entries(declaration.environments).filter(
  ([, env]) => env.terraform && env.kustomize && env.platforms.includes('aws'),
);

test('every AWS service a VPC-restricted component declares is inside the VPC in Terraform', () => {
  const problems = [];
  const checked = [];
  for (const [environment, env] of awsEnvironments) {
    const objects = kustomize(env.kustomize);
    const blocks = roots[env.terraform.replace(/^terraform\//, '')];
    assert.ok(blocks, `${env.terraform} is a Terraform root`);
    for (const [name, component] of Object.entries(declaration.components)) {
      const labels = podLabels(component, objects);
      assert.ok(labels, `${environment}: ${name}'s pods are rendered`);
      for (const d of component.destinations) {
        if (d.kind !== 'aws-service' || !(d.platforms ?? ['aws']).includes('aws')) continue;
        const ports = d.ports.filter((p) => typeof p === 'number');
        if (!ports.some((p) => restrictedOnPort(objects, labels, p))) continue;
        const how = inVpc(blocks, d.service, d.reach);
        if (how) {
          checked.push(`${environment} ${name} -> ${d.service}: ${how}`);
        } else {
          problems.push(
            `${environment}: ${name} reaches ${d.name} (${d.service}, reach ${d.reach}) only inside the VPC, ` +
              `but ${env.terraform} declares no ${d.reach === 'endpoint' ? `interface VPC endpoint com.amazonaws.<region>.${d.service} with private_dns_enabled = true${d.service === 's3' ? ' or gateway endpoint' : ''}` : `${d.service} resource in the VPC`}`,
          );
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked.some((c) => c.includes('extractor -> s3')), `checked: ${checked.join('; ')}`);
});

test('a missing endpoint and an endpoint without private DNS are both caught', () => {
  const endpoint = (service, extra) => ({
    type: 'aws_vpc_endpoint',
    address: `aws_vpc_endpoint.${service}`,
    body: { service_name: `com.amazonaws.eu-west-1.${service}`, vpc_endpoint_type: 'Interface', ...extra },
  });
  assert.equal(inVpc([endpoint('s3', { private_dns_enabled: true })], 'sts', 'endpoint'), null);
  assert.equal(inVpc([endpoint('sts', { private_dns_enabled: false })], 'sts', 'endpoint'), null);
  assert.match(inVpc([endpoint('sts', { private_dns_enabled: true })], 'sts', 'endpoint'), /interface endpoint/);
  assert.match(
    inVpc([{ type: 'aws_vpc_endpoint', address: 'g', body: { service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway' } }], 's3', 'endpoint'),
    /gateway endpoint/,
  );
  const policy = (to, port) => ({
    kind: 'NetworkPolicy',
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to, ports: [{ port }] }] },
  });
  assert.equal(restrictedOnPort([policy([{ ipBlock: { cidr: '10.0.0.0/16' } }], 443)], {}, 443), true);
  assert.equal(restrictedOnPort([policy([{ ipBlock: { cidr: '0.0.0.0/0' } }], 443)], {}, 443), false);
  assert.equal(restrictedOnPort([], {}, 443), false);
});
