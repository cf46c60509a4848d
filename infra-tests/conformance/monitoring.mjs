#!/usr/bin/env node
// Monitoring conformance (docs/conformance.md): every metric name an alert, a recording rule or a dashboard
// panel reads must be one a recording rule of the same file records (its own expression checked in turn), or
// one a test scraped from the service (target/conformance/metrics/<service>.txt, written by the
// services' metrics tests) or one an exporter the deployment installs produces
// (conformance/exporters.yaml). Expressions are parsed with Prometheus' own grammar
// (@prometheus-io/lezer-promql); the metric names are the Identifiers of its VectorSelectors (and
// {__name__="..."} matchers).
//
//   node infra-tests/conformance/monitoring.mjs [--repo DIR] [--conformance-dir DIR]
//
// Exit 0: every name is known; 1: unknown names (each with its alert or panel) or unparsable
// expressions; 2: no metric files (run the metrics tests first).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

/** Suffixes a histogram, summary or counter adds to its base name in the exposition. */
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created', '_max'];

/** Metric names a PromQL expression reads; throws on a syntax error. */
export function metricNames(expr) {
  const tree = parser.parse(expr);
  const names = new Set();
  const errors = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) {
      errors.push(cursor.from);
    }
    if (cursor.name === 'VectorSelector') {
      const node = cursor.node;
      const identifier = node.getChild('Identifier');
      if (identifier) {
        names.add(expr.slice(identifier.from, identifier.to));
      }
      // {__name__="x"} (only an exact match names a metric)
      const matchers = node.getChild('LabelMatchers');
      for (const matcher of matchers ? matchers.getChildren('UnquotedLabelMatcher') : []) {
        const label = matcher.getChild('LabelName');
        const op = matcher.getChild('MatchOp');
        const value = matcher.getChild('StringLiteral');
        if (label && value && expr.slice(label.from, label.to) === '__name__' && op && expr.slice(op.from, op.to) === '=') {
          names.add(JSON.parse(expr.slice(value.from, value.to).replace(/^'|'$/g, '"')));
        }
      }
    }
  } while (cursor.next());
  if (errors.length) {
    throw new Error(`PromQL syntax error at offset ${errors[0]} in: ${expr}`);
  }
  return [...names];
}

/**
 * The `expr:` of each alert in a Helm PrometheusRule template, with {{ .x }} taken from the
 * chart's metrics.prometheusRule values and other actions replaced by a placeholder string.
 */
export function expressionsFromHelmTemplate(text, values, source) {
  const lines = text.split('\n');
  const out = [];
  let rule = null;
  for (let i = 0; i < lines.length; i++) {
    const ruleMatch = /^\s*-\s*(alert|record):\s*(\S+)/.exec(lines[i]);
    if (ruleMatch) rule = { kind: ruleMatch[1], name: ruleMatch[2] };
    const exprMatch = /^(\s*)expr:\s*(.*)$/.exec(lines[i]);
    if (!exprMatch) continue;
    let expr = exprMatch[2];
    if (/^[|>][-+]?$/.test(expr.trim())) {
      const indent = exprMatch[1].length;
      const body = [];
      while (i + 1 < lines.length && (lines[i + 1].trim() === '' || lines[i + 1].search(/\S/) > indent)) {
        body.push(lines[++i].trim());
      }
      expr = body.join('\n');
    }
    expr = expr.replace(/\{\{-?\s*\.([A-Za-z0-9_]+)\s*-?\}\}/g, (m, key) => (key in values ? String(values[key]) : 'frameflow'));
    expr = expr.replace(/\{\{[^}]*\}\}/g, 'frameflow');
    // a YAML plain scalar: "\\." is a two-character escape only inside double quotes
    out.push({ where: `${rule?.kind} ${rule?.name}`, source, expr, ...(rule?.kind === 'record' ? { record: rule.name } : {}) });
  }
  return out;
}

/** The alerts of PrometheusRule objects in YAML (plain, or rendered by Helm). */
export function expressionsFromRuleYaml(text, source) {
  const out = [];
  for (const doc of parseAllDocuments(text)) {
    const rule = doc.toJS();
    if (!rule || rule.kind !== 'PrometheusRule') continue;
    for (const group of rule.spec?.groups ?? []) {
      for (const r of group.rules ?? []) {
        out.push({
          where: r.alert ? `alert ${r.alert}` : `record ${r.record}`,
          source,
          expr: String(r.expr),
          ...(r.record ? { record: r.record } : {}),
        });
      }
    }
  }
  return out;
}

/** targets[].expr of every panel (rows included) and query variables of a Grafana dashboard. */
export function expressionsFromDashboard(dashboard, source) {
  const out = [];
  const visit = (panels) => {
    for (const panel of panels ?? []) {
      for (const target of panel.targets ?? []) {
        if (target.expr) out.push({ where: `panel "${panel.title}"`, source, expr: target.expr });
      }
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    if (variable.type !== 'query' || !query) continue;
    // Grafana's label_values(selector, label) / query_result(expr) wrap PromQL
    const wrapped = /^\s*(?:label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)|query_result\((.*)\))\s*$/s.exec(query);
    const expr = wrapped ? wrapped[1] ?? wrapped[2] : query;
    if (/^\s*label_values\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/.test(query)) continue;
    out.push({ where: `variable $${variable.name}`, source, expr });
  }
  return out;
}

/** Metric names the services' tests scraped: <dir>/<service>.txt, one name per line. */
export function scrapedNames(metricsDir) {
  const byService = {};
  if (!existsSync(metricsDir)) return byService;
  for (const file of readdirSync(metricsDir).filter((f) => f.endsWith('.txt'))) {
    byService[file.replace(/\.txt$/, '')] = new Set(
      readFileSync(path.join(metricsDir, file), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return byService;
}

/** Who provides a name: a service's tests or an exporter, with the histogram/counter suffixes. */
export function provider(name, scraped, exporters) {
  const candidates = [name, ...SUFFIXES.filter((s) => name.endsWith(s)).map((s) => name.slice(0, -s.length))];
  for (const candidate of candidates) {
    for (const [service, names] of Object.entries(scraped)) {
      if (names.has(candidate)) return `${service} (scraped by its tests)`;
    }
    for (const exporter of exporters) {
      if ((exporter.metrics ?? []).includes(candidate)) return `exporter ${exporter.name}`;
    }
  }
  return null;
}

/**
 * Problems: unparsable expressions and unknown names, each naming its alert, recording rule or
 * panel. A name a recording rule of the same file records is known (its own expression is checked
 * like any other); a dashboard may read what any rule file records.
 */
export function check(expressions, scraped, exporters) {
  const problems = [];
  const used = [];
  const recorded = new Map(); // source -> names its recording rules record
  for (const { source, record } of expressions) {
    if (!record) continue;
    if (!recorded.has(source)) recorded.set(source, new Set());
    recorded.get(source).add(record);
  }
  const anyRecorded = new Set([...recorded.values()].flatMap((names) => [...names]));
  for (const { where, source, expr } of expressions) {
    let names;
    try {
      names = metricNames(expr);
    } catch (e) {
      problems.push(`${where} (${source}): ${e.message}`);
      continue;
    }
    for (const name of names) {
      const rules = where.startsWith('panel ') || where.startsWith('variable ') ? anyRecorded : recorded.get(source);
      const by = rules?.has(name) ? `recording rule ${name} (${source})` : provider(name, scraped, exporters);
      if (by) {
        used.push(`${where} (${source}): ${name} <- ${by}`);
      } else {
        problems.push(
          `${where} (${source}) reads ${name}, which no test scraped from a service (target/conformance/metrics/*.txt) ` +
            `and no exporter in conformance/exporters.yaml produces`,
        );
      }
    }
  }
  return { problems, used };
}

/** Each exporter's evidence: the files exist and contain the text. */
export function checkEvidence(exporters, repo) {
  const problems = [];
  for (const exporter of exporters) {
    for (const { file, contains } of exporter.evidence ?? []) {
      const full = path.join(repo, file);
      if (!existsSync(full) || !readFileSync(full, 'utf8').includes(contains)) {
        problems.push(`exporter ${exporter.name}: ${file} does not contain "${contains}"`);
      }
    }
  }
  return problems;
}

/** Every expression of the repository's alerts and dashboards. */
export function repositoryExpressions(repo, conformanceDir) {
  const chart = path.join(repo, 'helm/frameflow');
  const values = parseYaml(readFileSync(path.join(chart, 'values.yaml'), 'utf8'));
  const template = 'helm/frameflow/templates/monitoring/prometheusrule.yaml';
  const expressions = [
    ...expressionsFromHelmTemplate(readFileSync(path.join(repo, template), 'utf8'), values.metrics.prometheusRule, template),
    ...expressionsFromRuleYaml(
      readFileSync(path.join(repo, 'kustomize/components/monitoring/prometheusrule.yaml'), 'utf8'),
      'kustomize/components/monitoring/prometheusrule.yaml',
    ),
  ];
  const rendered = path.join(conformanceDir, 'rendered');
  if (existsSync(rendered)) {
    for (const file of readdirSync(rendered).filter((f) => /^helm-.*\.yaml$/.test(f))) {
      expressions.push(...expressionsFromRuleYaml(readFileSync(path.join(rendered, file), 'utf8'), `rendered ${file}`));
    }
  }
  const dashboard = 'kustomize/components/monitoring/frameflow.json';
  expressions.push(...expressionsFromDashboard(JSON.parse(readFileSync(path.join(repo, dashboard), 'utf8')), dashboard));
  return expressions;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repo = path.resolve(arg('--repo') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../..'));
  const conformanceDir = path.resolve(arg('--conformance-dir') ?? process.env.FRAMEFLOW_CONFORMANCE_DIR ?? path.join(repo, 'target/conformance'));
  const scraped = scrapedNames(path.join(conformanceDir, 'metrics'));
  if (Object.keys(scraped).length === 0) {
    console.error(`monitoring: no metric files in ${path.join(conformanceDir, 'metrics')}: run the services' metrics tests first`);
    return 2;
  }
  const exporters = parseYaml(readFileSync(path.join(repo, 'conformance/exporters.yaml'), 'utf8')).exporters ?? [];
  const expressions = repositoryExpressions(repo, conformanceDir);
  const { problems, used } = check(expressions, scraped, exporters);
  problems.push(...checkEvidence(exporters, repo));
  for (const service of ['api-gateway', 'operator']) {
    if (!scraped[service]) problems.push(`no metric file for ${service} (target/conformance/metrics/${service}.txt)`);
  }
  if (argv.includes('--verbose')) used.forEach((u) => console.log(u));
  if (problems.length) {
    problems.forEach((p) => console.error(`monitoring: ${p}`));
    return 1;
  }
  console.log(`monitoring: ${expressions.length} expressions, every metric name is scraped or exported (${Object.keys(scraped).join(', ')}; ${exporters.map((e) => e.name).join(', ')})`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
