#!/usr/bin/env node
// RBAC conformance: the Kubernetes API requests the operator's ServiceAccount made in
// the test suite (target/conformance/k8s-requests/*.jsonl, docs/conformance.md) against the rules
// of the Roles and ClusterRoles bound to it, in kustomize/base/operator/rbac.yaml and in each
// rendered Helm chart (target/conformance/rendered/helm-*.yaml).
//
//   node infra-tests/conformance/rbac.mjs [--repo DIR] [--conformance-dir DIR]
//
// Fails (exit 1) on a request the recorder denied (allowed=false), listing them, and when the
// Helm chart's operator rules and Kustomize's are not the same set. Lists, without failing, each
// rule (apiGroup, resource, verb) no request used. Exit 2: no records at all.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Kubernetes objects of a multi-document YAML text. */
export function objects(text) {
  return parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((o) => o && typeof o === 'object' && o.kind);
}

/** The operator's ServiceAccount: the operator Deployment's, else the given default. */
export function operatorServiceAccount(objs, fallback = 'frameflow-operator') {
  const deployment = objs.find((o) => o.kind === 'Deployment' && /(^|-)operator$/.test(o.metadata?.name ?? ''));
  return deployment?.spec?.template?.spec?.serviceAccountName ?? fallback;
}

/**
 * (apiGroup, resource, verb) triples of the Roles and ClusterRoles bound to the ServiceAccount,
 * each as { group, resource, verb, role }; resource includes "/subresource".
 */
export function operatorRules(objs, serviceAccount) {
  const bound = new Set();
  for (const binding of objs.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    if ((binding.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === serviceAccount)) {
      bound.add(`${binding.roleRef.kind}/${binding.roleRef.name}`);
    }
  }
  const rules = [];
  for (const role of objs.filter((o) => (o.kind === 'Role' || o.kind === 'ClusterRole') && bound.has(`${o.kind}/${o.metadata.name}`))) {
    for (const rule of role.rules ?? []) {
      for (const group of rule.apiGroups ?? []) {
        for (const resource of rule.resources ?? []) {
          for (const verb of rule.verbs ?? []) {
            rules.push({ group, resource, verb, role: `${role.kind}/${role.metadata.name}` });
          }
        }
      }
    }
  }
  return rules;
}

export const key = (r) => `${r.group === '' ? 'core' : r.group}/${r.resource}/${r.verb}`;

/** Whether a rule grants a recorded request. */
export function grants(rule, record) {
  const resource = record.subresource ? `${record.resource}/${record.subresource}` : record.resource;
  const group = record.group ?? '';
  return (
    (rule.group === '*' || rule.group === group) &&
    (rule.resource === '*' || rule.resource === resource || (rule.resource === `${record.resource}/*` && record.subresource)) &&
    (rule.verb === '*' || rule.verb === record.verb)
  );
}

/** Records of every *.jsonl file of the directory, each with its file and line. */
export function readRecords(dir) {
  if (!existsSync(dir)) return [];
  const records = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim()) records.push({ ...JSON.parse(line), source: `${file}:${i + 1}` });
      });
  }
  return records;
}

const describe = (r) =>
  `${r.verb} ${r.group ? `${r.group}/` : ''}${r.resource}${r.subresource ? `/${r.subresource}` : ''}` +
  `${r.namespace ? ` in ${r.namespace}` : ''}${r.name ? ` ${r.name}` : ''} (test ${r.test ?? '?'}, ${r.source})`;

/** { failures, unused, ungranted } for rule sets by source and the records. */
export function evaluate(ruleSets, records) {
  const failures = [];
  const denied = records.filter((r) => r.allowed === false);
  if (denied.length) {
    failures.push(`${denied.length} request(s) of the operator's ServiceAccount were denied:`, ...denied.map((r) => `  ${describe(r)}`));
  }
  const [reference, ...others] = Object.entries(ruleSets);
  for (const [source, rules] of others) {
    const a = new Set(reference[1].map(key));
    const b = new Set(rules.map(key));
    const onlyA = [...a].filter((k) => !b.has(k)).sort();
    const onlyB = [...b].filter((k) => !a.has(k)).sort();
    if (onlyA.length || onlyB.length) {
      failures.push(
        `the operator's rules differ between ${reference[0]} and ${source}:` +
          (onlyA.length ? ` only in ${reference[0]}: ${onlyA.join(', ')};` : '') +
          (onlyB.length ? ` only in ${source}: ${onlyB.join(', ')}` : ''),
      );
    }
  }
  const allowed = records.filter((r) => r.allowed !== false);
  const unused = {};
  for (const [source, rules] of Object.entries(ruleSets)) {
    unused[source] = [...new Set(rules.filter((rule) => !allowed.some((r) => grants(rule, r))).map(key))].sort();
  }
  const rules = Object.values(ruleSets).flat();
  const ungranted = [...new Set(allowed.filter((r) => !rules.some((rule) => grants(rule, r))).map((r) => `${r.verb} ${r.group ? `${r.group}/` : ''}${r.resource}${r.subresource ? `/${r.subresource}` : ''}`))].sort();
  return { failures, unused, ungranted };
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repo = path.resolve(arg('--repo') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
  const conformanceDir = path.resolve(arg('--conformance-dir') ?? process.env.FRAMEFLOW_CONFORMANCE_DIR ?? path.join(repo, 'target/conformance'));

  const kustomizeObjects = [
    ...objects(readFileSync(path.join(repo, 'kustomize/base/operator/rbac.yaml'), 'utf8')),
    ...objects(readFileSync(path.join(repo, 'kustomize/base/operator/deployment.yaml'), 'utf8')),
  ];
  const ruleSets = {
    'kustomize/base/operator/rbac.yaml': operatorRules(kustomizeObjects, operatorServiceAccount(kustomizeObjects)),
  };
  const rendered = path.join(conformanceDir, 'rendered');
  const helmFiles = existsSync(rendered) ? readdirSync(rendered).filter((f) => /^helm-.*\.yaml$/.test(f)).sort() : [];
  for (const file of helmFiles) {
    const objs = objects(readFileSync(path.join(rendered, file), 'utf8'));
    ruleSets[`rendered ${file}`] = operatorRules(objs, operatorServiceAccount(objs));
  }
  const problems = [];
  if (helmFiles.length === 0) {
    problems.push(`no rendered Helm chart in ${rendered} (deploy-tests EgressConformanceTest writes them)`);
  }
  for (const [source, rules] of Object.entries(ruleSets)) {
    if (rules.length === 0) problems.push(`${source}: no Role or ClusterRole is bound to the operator's ServiceAccount`);
  }

  const records = readRecords(path.join(conformanceDir, 'k8s-requests'));
  const { failures, unused, ungranted } = evaluate(ruleSets, records);
  problems.push(...failures);

  console.log(`rbac: ${records.length} recorded request(s) of the operator's ServiceAccount`);
  for (const [source, keys] of Object.entries(unused)) {
    if (records.length && keys.length) {
      console.log(`rbac: rules of ${source} no recorded request used (apiGroup/resource/verb):`);
      keys.forEach((k) => console.log(`  ${k}`));
    }
  }
  if (ungranted.length) {
    console.log('rbac: allowed requests no rule of the operator\'s roles grants (granted to every authenticated user?):');
    ungranted.forEach((k) => console.log(`  ${k}`));
  }
  if (problems.length) {
    problems.forEach((p) => console.error(`rbac: ${p}`));
    return 1;
  }
  if (records.length === 0) {
    console.error(`rbac: no records in ${path.join(conformanceDir, 'k8s-requests')}: run the operator's tests with the recorder first`);
    return 2;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
