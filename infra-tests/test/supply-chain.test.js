// The supply chain: every action pinned to a commit, images leave CI signed and attested, the
// charts are published as OCI artifacts, dependencies are kept current, and every Dockerfile
// builds from digests with its dependencies cached apart from the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, '.github/workflows');
const workflows = {};
for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yml'))) {
  workflows[file] = { text: await readFile(path.join(dir, file), 'utf8') };
  workflows[file].parsed = parse(workflows[file].text);
}
const images = workflows['images.yml'].parsed;
const DOCKERFILES = ['api-gateway/Dockerfile', 'operator/Dockerfile', 'frame-extractor-image/Dockerfile'];

test('every action is pinned to a full commit SHA with its release tag in a comment', () => {
  let count = 0;
  for (const [file, { text }] of Object.entries(workflows)) {
    for (const line of text.split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l))) {
      count += 1;
      assert.match(line, /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${file}: ${line.trim()}`);
    }
  }
  assert.ok(count >= 20, `${count} uses: lines checked`);
});

test('a pinned action names the same SHA everywhere (one version per action)', () => {
  const shas = {};
  for (const { text } of Object.values(workflows)) {
    for (const [, action, sha] of text.matchAll(/uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40})/g)) {
      (shas[action] ??= new Set()).add(sha);
    }
  }
  for (const [action, set] of Object.entries(shas)) {
    assert.equal(set.size, 1, `${action}: ${[...set].join(', ')}`);
  }
});

test('images are pushed with BuildKit SBOM and max provenance, after the scan, then signed and attested keyless', () => {
  const steps = images.jobs.build.steps;
  const names = steps.map((s) => s.name ?? s.uses);
  assert.ok(images.jobs.build.needs.includes('scan'), 'the push job runs after the scan job passed');
  const sbom = steps.findIndex((s) => String(s.uses).startsWith('actions/download-artifact@'));
  const pushIndex = steps.findIndex((s) => s.with?.push === true);
  assert.ok(pushIndex > sbom && sbom >= 0, names.join(' | '));
  const push = steps[pushIndex];
  assert.match(push.uses, /^docker\/build-push-action@/);
  assert.equal(push.with.sbom, true);
  assert.equal(push.with.provenance, 'mode=max');
  const sign = steps.slice(pushIndex).find((s) => /cosign sign/.test(s.run ?? ''));
  assert.ok(sign, 'a step signs after the push');
  assert.match(sign.run, /cosign sign --yes --recursive "\$REPO@\$DIGEST"/, 'signs the digest (the index and its images), not a tag');
  // each platform's image with its own SBOM (run and checked in multi-arch.test.js)
  assert.match(sign.run, /cosign attest --yes --type cyclonedx \\\n\s+--predicate "sbom\/sbom-\$SHORT-\$arch-\$GITHUB_SHA\/sbom\.cdx\.json" "\$REPO@\$digest"/);
  assert.match(sign.run, /^(?!.*--key).*$/s, 'keyless: no key');
  assert.equal(sign.env.DIGEST, '${{ steps.push.outputs.digest }}');
  assert.equal(push.id, 'push');
  assert.ok(steps.some((s) => String(s.uses).startsWith('sigstore/cosign-installer@')));
  assert.equal(images.jobs.build.permissions['id-token'], 'write', 'cosign keyless needs the OIDC token');
});

test('release tags publish both Helm charts as signed OCI artifacts', () => {
  const job = images.jobs.charts;
  assert.equal(job.if, "github.ref_type == 'tag'");
  assert.equal(job.permissions.packages, 'write');
  assert.equal(job.permissions['id-token'], 'write');
  assert.match(job.env.CHARTS, /^oci:\/\//);
  const run = job.steps.map((s) => s.run ?? '').join('\n');
  assert.match(run, /for chart in helm\/frameflow-crds helm\/frameflow; do/);
  assert.match(run, /helm package "\$chart" --version "\$version"/);
  assert.match(run, /helm push "\$package" "\$CHARTS"/);
  assert.match(run, /cosign sign --yes "\$repo@\$digest"/);
});

test('a release tag moves prod (application and CRD) by pull request, after checking the tagged overlay', () => {
  const run = images.jobs.deploy.steps.map((s) => s.run ?? '').join('\n');
  assert.match(run, /kustomize\/argocd\/frameflow-prod\.yaml kustomize\/argocd\/crds\.yaml/);
  assert.match(run, /targetRevision: \)v\[0-9\]/, 'only a tag-valued targetRevision (prod) is moved');
  assert.match(run, /git show "\$TAG:\$OVERLAY\/kustomization\.yaml"/);
  const prodSteps = images.jobs.deploy.steps.filter((s) => s.if === "github.ref_type == 'tag'");
  assert.ok(prodSteps.every((s) => !/git push origin HEAD:main/.test(s.run ?? '')), 'prod never pushes to main');
  assert.ok(prodSteps.some((s) => /gh pr create --base main/.test(s.run ?? '')));
});

test('Dependabot keeps Maven, the actions, the base images and Terraform current', async () => {
  const config = parse(await readFile(path.join(root, '.github/dependabot.yml'), 'utf8'));
  assert.equal(config.version, 2);
  const ecosystems = config.updates.map((u) => u.package_ecosystem ?? u['package-ecosystem']).sort();
  assert.deepEqual(ecosystems, ['docker', 'github-actions', 'maven', 'terraform']);
  const docker = config.updates.find((u) => u['package-ecosystem'] === 'docker');
  for (const dockerfile of DOCKERFILES) {
    assert.ok(docker.directories.includes(`/${path.dirname(dockerfile)}`), dockerfile);
  }
  const terraform = config.updates.find((u) => u['package-ecosystem'] === 'terraform');
  assert.ok(terraform.directories.includes('/terraform/modules/*'));
});

for (const dockerfile of DOCKERFILES) {
  test(`${dockerfile}: every base image pinned by digest; dependencies resolved before the sources are copied`, async () => {
    const lines = (await readFile(path.join(root, dockerfile), 'utf8')).split('\n');
    const froms = lines.filter((l) => l.startsWith('FROM '));
    assert.ok(froms.length >= 2);
    for (const from of froms) {
      assert.match(from, /^FROM (--platform=\$BUILDPLATFORM )?[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}( AS \w+)?$/, from);
    }
    const copyPoms = lines.findIndex((l) => l === 'COPY mvnw pom.xml ./');
    const offline = lines.findIndex((l) => /^RUN \.\/mvnw .*dependency:go-offline/.test(l));
    const copyAll = lines.findIndex((l) => l === 'COPY . .');
    assert.ok(copyPoms >= 0 && offline > copyPoms && copyAll > offline, `${copyPoms} < ${offline} < ${copyAll}`);
    // every module's pom is in the dependency layer (the reactor needs them all)
    const modules = [...(await readFile(path.join(root, 'pom.xml'), 'utf8')).matchAll(/<module>([^<]+)<\/module>/g)].map((m) => m[1]);
    for (const module of modules) {
      assert.ok(lines.includes(`COPY ${module}/pom.xml ${module}/`), `${dockerfile}: ${module}/pom.xml`);
    }
  });
}

test('the repository is licensed Apache-2.0 and keeps a changelog', async () => {
  const license = await readFile(path.join(root, 'LICENSE'), 'utf8');
  assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
  assert.match(license, /END OF TERMS AND CONDITIONS/);
  assert.ok(license.length > 10000, 'the full text, not a pointer to it');
  await access(path.join(root, 'CHANGELOG.md'));
  assert.match(await readFile(path.join(root, 'CHANGELOG.md'), 'utf8'), /^## \[Unreleased\]/m);
});

test('the pinning rules flag a Docker socket, a mutable image where a credential is held, and an unpinned action', async () => {
  const { pinningFindings } = await import('../lib/workflow-pins.js');
  const job = (permissions, steps, extra = '') =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: ${permissions}\n${extra}    steps:\n${steps}`;
  const trivyBySocket = '      - run: docker run --rm -v /var/run/docker.sock:/var/run/docker.sock aquasec/trivy:0.58.1 image x\n';
  assert.equal(pinningFindings(job('{contents: read}', trivyBySocket)).length, 1, 'the socket, even without a credential');
  assert.equal(pinningFindings(job('{id-token: write}', trivyBySocket)).length, 2, 'and the mutable tag with an OIDC token');
  const byDigest = `      - run: docker run --rm aquasec/trivy@sha256:${'a'.repeat(64)} image x\n`;
  assert.deepEqual(pinningFindings(job('{id-token: write}', byDigest)), []);
  assert.equal(pinningFindings(job('{contents: read}', '      - uses: aquasecurity/trivy-action@0.28.0\n')).length, 1);
  assert.equal(pinningFindings(job('{contents: read}', '      - uses: docker://aquasec/trivy:latest\n')).length, 1);
  const service = '    services:\n      mq:\n        image: rabbitmq:3.13-alpine\n';
  assert.equal(pinningFindings(job('{packages: write}', '      - run: true\n', service)).length, 1);
  assert.deepEqual(pinningFindings(job('{contents: read}', '      - run: true\n', service)), [], 'a read-only job may use a tagged service');
});

test('every workflow of the repository passes the pinning rules', async () => {
  const { pinningFindings } = await import('../lib/workflow-pins.js');
  for (const [file, { text }] of Object.entries(workflows)) {
    assert.deepEqual(pinningFindings(text), [], file);
  }
});
