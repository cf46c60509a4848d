// infra-tests/conformance/monitoring.mjs on synthetic rules, dashboards and metric lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  metricNames,
  expressionsFromHelmTemplate,
  expressionsFromRuleYaml,
  expressionsFromDashboard,
  check,
  provider,
} from '../conformance/monitoring.mjs';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../conformance/monitoring.mjs');

test('metric names come from the parse tree, not from words in the expression', () => {
  assert.deepEqual(
    metricNames('histogram_quantile(0.95, sum by (le) (rate(a_seconds_bucket{x="$ns"}[5m]))) / on(job) b + absent(up{job="c"} == 1)').sort(),
    ['a_seconds_bucket', 'b', 'up'],
  );
  // label names, function names, label values and grouping labels are not metrics
  assert.deepEqual(metricNames('sum by (queue) (rate(frameflow_x_total{queue=~".+\\\\.dlq", job="rate"}[5m]))'), ['frameflow_x_total']);
  assert.deepEqual(metricNames('{__name__="by_name", a="b"}'), ['by_name']);
  assert.throws(() => metricNames('sum(rate(x[5m])'), /syntax error/);
});

test('histogram and counter suffixes resolve to the name a test listed', () => {
  const scraped = { 'api-gateway': new Set(['http_server_requests_seconds', 'frameflow_x_total']) };
  assert.match(provider('http_server_requests_seconds_bucket', scraped, []), /api-gateway/);
  assert.match(provider('http_server_requests_seconds_count', scraped, []), /api-gateway/);
  assert.match(provider('frameflow_x_total', scraped, []), /api-gateway/);
  assert.equal(provider('frameflow_y_total', scraped, []), null);
  assert.match(provider('up', scraped, [{ name: 'prometheus', metrics: ['up'] }]), /exporter prometheus/);
});

test('a templated rule, a plain rule and a dashboard panel each name what they read', () => {
  const template = [
    '        - alert: Lag',
    '          expr: max({{ .lagMetric }}{namespace="{{ $.Release.Namespace }}"}) > {{ .lagSeconds }}',
    '        - alert: Multi',
    '          expr: |',
    '            sum(rate(a_total{namespace="{{ $.Release.Namespace }}"}[5m]))',
    '              / sum(rate(b_total[5m])) > 1',
    '          for: 5m',
  ].join('\n');
  const helm = expressionsFromHelmTemplate(template, { lagMetric: 'lag_seconds', lagSeconds: 300 }, 't.yaml');
  assert.deepEqual(helm.map((e) => [e.where, metricNames(e.expr).sort()]), [
    ['alert Lag', ['lag_seconds']],
    ['alert Multi', ['a_total', 'b_total']],
  ]);
  const plain = expressionsFromRuleYaml(
    'kind: PrometheusRule\nspec:\n  groups:\n    - rules:\n        - alert: DeadLetters\n          expr: sum by (queue) (gone_metric) > 0\n',
    'rule.yaml',
  );
  const dashboard = expressionsFromDashboard(
    { panels: [{ type: 'row', panels: [{ title: 'Heap', targets: [{ expr: 'jvm_memory_used_bytes{area="heap"}' }] }] }],
      templating: { list: [{ name: 'namespace', type: 'query', query: 'label_values(up{service=~"frameflow-.*"}, namespace)' }] } },
    'd.json',
  );
  const scraped = { operator: new Set(['lag_seconds', 'a_total', 'b_total', 'jvm_memory_used_bytes']) };
  const { problems } = check([...helm, ...plain, ...dashboard], scraped, [{ name: 'prometheus', metrics: ['up'] }]);
  assert.deepEqual(problems, [
    'alert DeadLetters (rule.yaml) reads gone_metric, which no test scraped from a service (target/conformance/metrics/*.txt) and no exporter in conformance/exporters.yaml produces',
  ]);
  const { problems: panelProblems } = check(dashboard, { operator: new Set() }, []);
  assert.equal(panelProblems.length, 2);
  assert.match(panelProblems[0], /^panel "Heap" \(d\.json\) reads jvm_memory_used_bytes/);
  assert.match(panelProblems[1], /^variable \$namespace \(d\.json\) reads up/);
});

test('the command exits 1 naming the alert and the metric and 2 without metric files', () => {
  const repo = path.resolve(path.dirname(SCRIPT), '../..');
  const dir = mkdtempSync(path.join(tmpdir(), 'monitoring-'));
  const run = () => spawnSync(process.execPath, [SCRIPT, '--repo', repo, '--conformance-dir', dir], { encoding: 'utf8' });
  assert.equal(run().status, 2);

  mkdirSync(path.join(dir, 'metrics'));
  writeFileSync(path.join(dir, 'metrics', 'api-gateway.txt'), 'jvm_memory_used_bytes\n');
  writeFileSync(path.join(dir, 'metrics', 'operator.txt'), 'jvm_memory_used_bytes\n');
  const failing = run();
  assert.equal(failing.status, 1);
  assert.match(failing.stderr, /alert FrameflowOutboxLag \(helm\/frameflow\/templates\/monitoring\/prometheusrule\.yaml\) reads frameflow_outbox_lag_seconds/);
  assert.doesNotMatch(failing.stderr, /reads up,/, 'Prometheus itself writes up (conformance/exporters.yaml)');
});

test('recording rules: an alert may read what a rule of its file records, and the rule is checked in turn', () => {
  const template = [
    '    - name: frameflow',
    '      rules:',
    '        - alert: Burn',
    '          expr: |',
    '            x:errors:ratio_rate1h{namespace="{{ $.Release.Namespace }}"} > (14.4 * (1 - {{ .objective }}))',
    '              and x:errors:ratio_rate5m > 0.1',
    '    - name: frameflow-slo',
    '      rules:',
    '        - record: x:errors:ratio_rate1h',
    '          expr: sum by (namespace) (rate(errors_total[1h])) / sum by (namespace) (rate(requests_total[1h]))',
  ].join('\n');
  const helm = expressionsFromHelmTemplate(template, { objective: 0.995 }, 't.yaml');
  assert.deepEqual(helm.map((e) => [e.where, e.record, metricNames(e.expr).sort()]), [
    ['alert Burn', undefined, ['x:errors:ratio_rate1h', 'x:errors:ratio_rate5m']],
    ['record x:errors:ratio_rate1h', 'x:errors:ratio_rate1h', ['errors_total', 'requests_total']],
  ]);
  const scraped = { 'api-gateway': new Set(['errors_total']) };
  const { problems } = check(helm, scraped, []);
  assert.deepEqual(problems, [
    'alert Burn (t.yaml) reads x:errors:ratio_rate5m, which no test scraped from a service (target/conformance/metrics/*.txt) and no exporter in conformance/exporters.yaml produces',
    'record x:errors:ratio_rate1h (t.yaml) reads requests_total, which no test scraped from a service (target/conformance/metrics/*.txt) and no exporter in conformance/exporters.yaml produces',
  ]);
  // a name recorded in another file does not count for this one
  const plain = expressionsFromRuleYaml(
    'kind: PrometheusRule\nspec:\n  groups:\n    - rules:\n        - alert: Other\n          expr: x:errors:ratio_rate1h > 0\n',
    'other.yaml',
  );
  assert.equal(check([...helm, ...plain], { s: new Set(['errors_total', 'requests_total']) }, []).problems.length, 2);
});
