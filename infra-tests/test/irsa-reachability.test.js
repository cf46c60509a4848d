// IRSA needs STS: the operator and the api-gateway call AssumeRoleWithWebIdentity at
// sts.<region>.amazonaws.com, and their egress on 443 is the VPC's range only. STS is an interface
// endpoint with private DNS inside that range, and not in the endpoint subnets the extraction
// pods may reach (those are S3 and nothing else).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { loadRepository } from '../lib/repository.js';
import { asList } from '../lib/terraform.js';

const { roots } = await loadRepository();
const find = (env, address) => {
  const block = roots[env].find((b) => b.address === address);
  assert.ok(block, `${env}: ${address}`);
  return block;
};

for (const env of ['environments/dev', 'environments/prod']) {
  test(`${env}: STS is an interface endpoint with private DNS in the private subnets, 443 from the VPC`, async () => {
    const endpoint = find(env, 'module.frameflow.module.network.aws_vpc_endpoint.sts');
    assert.equal(endpoint.body.vpc_endpoint_type, 'Interface');
    assert.equal(endpoint.body.private_dns_enabled, true);
    assert.match(endpoint.body.service_name, /^com\.amazonaws\.\$\{data\.aws_region\.current\.name\}\.sts$/);
    assert.equal(endpoint.body.subnet_ids, '${module.vpc.private_subnets}', 'not the S3-only endpoint subnets');
    assert.deepEqual(endpoint.body.security_group_ids, ['${aws_security_group.sts_endpoint.id}']);

    const platform = find(env, 'module.frameflow');
    const ingress = find(env, 'module.frameflow.module.network.aws_vpc_security_group_ingress_rule.sts_endpoint_https');
    assert.equal(ingress.body.security_group_id, '${aws_security_group.sts_endpoint.id}');
    assert.deepEqual([ingress.body.ip_protocol, ingress.body.from_port, ingress.body.to_port], ['tcp', 443, 443]);
    assert.equal(ingress.body.cidr_ipv4, platform.body.vpc_cidr, 'from the VPC only');

    // the operator's NetworkPolicy lets it reach the VPC's range on 443 (so: STS and S3)
    const name = env.split('/')[1];
    const patches = await readFile(new URL(`../../kustomize/overlays/${name}/patches/networkpolicies.yaml`, import.meta.url), 'utf8');
    const policies = parseAllDocuments(patches).map((d) => d.toJS());
    const operator = policies.find((d) => d?.metadata?.name === 'frameflow-operator');
    const https = operator.spec.egress.filter((r) => asList(r.ports).some((p) => p.port === 443));
    assert.ok(https.some((r) => r.to.some((t) => t.ipBlock?.cidr === platform.body.vpc_cidr)), `operator egress on 443 to ${platform.body.vpc_cidr}`);
  });
}

test('the pod roles are assumed with a web identity (IRSA), audience sts.amazonaws.com', () => {
  const trust = find('environments/prod', 'module.frameflow.module.pod_roles.data.aws_iam_policy_document.trust');
  const [statement] = asList(trust.body.statement);
  assert.deepEqual(statement.actions, ['sts:AssumeRoleWithWebIdentity']);
  const aud = asList(statement.condition).find((c) => c.variable === '${var.oidc_provider}:aud');
  assert.deepEqual(aud.values, ['sts.amazonaws.com']);
});
