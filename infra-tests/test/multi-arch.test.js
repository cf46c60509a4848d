// Every image is built, scanned, pushed, signed and attested for linux/amd64 and linux/arm64
// (issue 30, item 5), and the Dockerfiles build a correct image for either: what images.yml's
// shell steps do is run here with bash, against stand-ins for docker and cosign that answer as
// the real ones do (an image index with attestation manifests, an image tarball).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile, chmod, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { pinningFindings } from '../lib/workflow-pins.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const images = parse(await readFile(path.join(root, '.github/workflows/images.yml'), 'utf8'));
const PLATFORMS = ['linux/amd64', 'linux/arm64'];
const DOCKERFILES = ['api-gateway/Dockerfile', 'operator/Dockerfile', 'frame-extractor-image/Dockerfile'];
const uses = (step, action) => String(step.uses ?? '').startsWith(`${action}@`);
const stepOf = (job, predicate, what) => {
  const index = images.jobs[job].steps.findIndex(predicate);
  assert.ok(index >= 0, `${job}: ${what}`);
  return { step: images.jobs[job].steps[index], index };
};

/**
 * Runs a workflow step's script as GitHub does (bash -eo pipefail), with env and, first on the
 * PATH, the given stand-in commands. Returns status, output and the step outputs it wrote.
 */
async function runStep(step, env, stubs = {}) {
  assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: the script reads env, no expression`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'multi-arch-'));
  try {
    const bin = path.join(dir, 'bin');
    await mkdir(bin);
    for (const [name, script] of Object.entries(stubs)) {
      await writeFile(path.join(bin, name), `#!/usr/bin/env bash\n${script}\n`);
      await chmod(path.join(bin, name), 0o755);
    }
    const script = path.join(dir, 'step.sh');
    await writeFile(script, step.run);
    const output = path.join(dir, 'output');
    const summary = path.join(dir, 'summary');
    await writeFile(output, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_SHA: 'c0ffee',
        GITHUB_REF_TYPE: 'branch',
        STUB_LOG: path.join(dir, 'calls'),
        ...env,
      },
    });
    const read = async (file) => readFile(file, 'utf8').catch(() => '');
    return { ...result, outputs: parseOutputs(await read(output)), calls: (await read(path.join(dir, 'calls'))).split('\n').filter(Boolean) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT's format: name=value lines and name<<DELIMITER ... DELIMITER blocks. */
function parseOutputs(text) {
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(\w+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      outputs[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
    }
  }
  return outputs;
}

test('the platforms are linux/amd64 and linux/arm64, and the plan scans every image on each', async () => {
  assert.equal(images.env.PLATFORMS, PLATFORMS.join(','));
  const { step } = stepOf('plan', (s) => s.id === 'select', 'the select step');
  const { status, stderr, outputs } = await runStep(step, { EVENT: 'workflow_dispatch', PLATFORMS: images.env.PLATFORMS });
  assert.equal(status, 0, stderr);
  const built = JSON.parse(outputs.matrix).include.map((e) => e.image).sort();
  assert.deepEqual(built, ['frameflow/api-gateway', 'frameflow/frame-extractor', 'frameflow/operator']);
  const scans = JSON.parse(outputs['scan-matrix']).include;
  assert.deepEqual(
    scans.map((e) => `${e.image} ${e.platform} ${e.arch}`).sort(),
    built.flatMap((image) => PLATFORMS.map((p) => `${image} ${p} ${p.slice('linux/'.length)}`)).sort(),
  );
  for (const scan of scans) {
    assert.equal(scan.dockerfile, JSON.parse(outputs.matrix).include.find((e) => e.image === scan.image).dockerfile);
  }
  assert.equal(images.jobs.plan.outputs['scan-matrix'], '${{ steps.select.outputs.scan-matrix }}');
  assert.equal(images.jobs.scan.strategy.matrix, '${{ fromJSON(needs.plan.outputs.scan-matrix) }}');
  assert.equal(images.jobs.build.strategy.matrix, '${{ fromJSON(needs.plan.outputs.matrix) }}', 'one push per image');
});

test('every image build names its platforms, with QEMU set up before it and a cache per platform', () => {
  const builds = Object.entries(images.jobs).flatMap(([job, { steps }]) =>
    steps.map((step, index) => ({ job, step, index })).filter(({ step }) => uses(step, 'docker/build-push-action')),
  );
  assert.deepEqual(builds.map((b) => b.job).sort(), ['build', 'scan']);
  for (const { job, index } of builds) {
    const qemu = images.jobs[job].steps.findIndex((s) => uses(s, 'docker/setup-qemu-action'));
    const buildx = images.jobs[job].steps.findIndex((s) => uses(s, 'docker/setup-buildx-action'));
    assert.ok(qemu >= 0 && qemu < buildx && buildx < index, `${job}: QEMU, then Buildx, then the build`);
    assert.match(images.jobs[job].steps[qemu].with.platforms, /\barm64\b/);
  }
  const scan = builds.find((b) => b.job === 'scan').step;
  assert.equal(scan.with.platforms, '${{ matrix.platform }}');
  assert.equal(scan.with['cache-to'], 'type=gha,mode=max,scope=${{ matrix.image }}-${{ matrix.arch }}');
  const push = builds.find((b) => b.job === 'build').step;
  assert.equal(push.with.platforms, '${{ env.PLATFORMS }}');
  assert.equal(push.with.push, true);
  const cacheFrom = push.with['cache-from'].trim().split('\n').map((l) => l.trim());
  assert.deepEqual(
    cacheFrom,
    PLATFORMS.map((p) => `type=gha,scope=\${{ matrix.image }}-${p.slice('linux/'.length)}`),
    'the push reuses the layers each platform scan built',
  );
});

/** A `docker save`-style tarball (what Buildx's type=docker exporter writes) of one platform. */
async function imageTarball(dir, architecture) {
  const content = path.join(dir, architecture);
  await mkdir(path.join(content, 'blobs/sha256'), { recursive: true });
  await writeFile(path.join(content, 'blobs/sha256/cfg'), JSON.stringify({ architecture, os: 'linux', config: {} }));
  await writeFile(path.join(content, 'manifest.json'), JSON.stringify([{ Config: 'blobs/sha256/cfg', RepoTags: ['x:y'], Layers: [] }]));
  const tar = path.join(dir, `${architecture}.tar`);
  const r = spawnSync('tar', ['-cf', tar, '-C', content, 'manifest.json', 'blobs']);
  assert.equal(r.status, 0, String(r.stderr));
  return tar;
}

test('each scan checks that its tarball is the platform it is scanned as, before Trivy reads it', async () => {
  const { step, index } = stepOf('scan', (s) => /manifest\.json/.test(s.run ?? ''), 'a step reading the tarball');
  const trivy = images.jobs.scan.steps.findIndex((s) => uses(s, 'aquasecurity/trivy-action'));
  assert.ok(index < trivy, 'checked before the first scan');
  assert.equal(step.env.PLATFORM, '${{ matrix.platform }}');
  assert.equal(step.env.IMAGE_TAR, images.jobs.scan.steps.find((s) => uses(s, 'aquasecurity/trivy-action')).with.input);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'multi-arch-tar-'));
  try {
    const arm64 = await imageTarball(dir, 'arm64');
    const amd64 = await imageTarball(dir, 'amd64');
    assert.equal((await runStep(step, { IMAGE_TAR: arm64, PLATFORM: 'linux/arm64' })).status, 0);
    assert.equal((await runStep(step, { IMAGE_TAR: amd64, PLATFORM: 'linux/amd64' })).status, 0);
    const wrong = await runStep(step, { IMAGE_TAR: amd64, PLATFORM: 'linux/arm64' });
    assert.notEqual(wrong.status, 0, 'an amd64 image scanned as arm64 stops the job');
    assert.match(wrong.stderr, /linux\/amd64 image, not linux\/arm64/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** What `docker buildx imagetools inspect --raw` answers for a BuildKit index with attestations. */
function index(platforms) {
  const manifests = platforms.map(([os, architecture, digest]) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest,
    size: 1000,
    platform: { architecture, os },
  }));
  for (const [, , digest] of platforms) {
    manifests.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:att${digest.slice(7, 12)}`,
      size: 800,
      annotations: { 'vnd.docker.reference.digest': digest, 'vnd.docker.reference.type': 'attestation-manifest' },
      platform: { architecture: 'unknown', os: 'unknown' },
    });
  }
  return JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests });
}
const dockerAnswering = (json) =>
  `echo "docker $*" >>"$STUB_LOG"\n[ "$1 $2 $3 $4" = "buildx imagetools inspect --raw" ] || exit 2\ncat <<'JSON'\n${json}\nJSON`;

test('the push job reads each platform image digest from the pushed index, and stops when a platform is missing', async () => {
  const { step, index: at } = stepOf('build', (s) => s.id === 'platforms', 'the per-platform digests step');
  const push = stepOf('build', (s) => s.id === 'push', 'the push').index;
  const sign = stepOf('build', (s) => /cosign sign/.test(s.run ?? ''), 'the signing step').index;
  assert.ok(push < at && at < sign);
  assert.equal(step.env.DIGEST, '${{ steps.push.outputs.digest }}');
  const env = { REPO: '1234.dkr.ecr.eu-west-1.amazonaws.com/frameflow/operator', DIGEST: 'sha256:index', PLATFORMS: images.env.PLATFORMS };

  const both = await runStep(step, env, { docker: dockerAnswering(index([['linux', 'amd64', 'sha256:aaaa1'], ['linux', 'arm64', 'sha256:bbbb2']])) });
  assert.equal(both.status, 0, both.stderr);
  assert.deepEqual(both.calls, [`docker buildx imagetools inspect --raw ${env.REPO}@sha256:index`]);
  assert.deepEqual(both.outputs.digests.split('\n'), ['linux/amd64 sha256:aaaa1', 'linux/arm64 sha256:bbbb2'], 'attestation manifests left out');

  const amd64Only = await runStep(step, env, { docker: dockerAnswering(index([['linux', 'amd64', 'sha256:aaaa1']])) });
  assert.notEqual(amd64Only.status, 0);
  assert.match(amd64Only.stderr, /has no linux\/arm64 image/);

  const extra = await runStep(step, env, {
    docker: dockerAnswering(index([['linux', 'amd64', 'sha256:aaaa1'], ['linux', 'arm64', 'sha256:bbbb2'], ['linux', 's390x', 'sha256:cccc3']])),
  });
  assert.notEqual(extra.status, 0);
  assert.match(extra.stderr, /platforms beyond/);
});

test('cosign signs the index and its images, and attests each platform image with the SBOM of its own scan', async () => {
  const { step } = stepOf('build', (s) => /cosign sign/.test(s.run ?? ''), 'the signing step');
  assert.equal(step.env.PLATFORM_DIGESTS, '${{ steps.platforms.outputs.digests }}');
  assert.equal(step.env.SHORT, '${{ matrix.short }}');
  const env = {
    REPO: '1234.dkr.ecr.eu-west-1.amazonaws.com/frameflow/frame-extractor',
    DIGEST: 'sha256:index',
    PLATFORM_DIGESTS: 'linux/amd64 sha256:aaaa1\nlinux/arm64 sha256:bbbb2',
    SHORT: 'frame-extractor',
    PLATFORMS: images.env.PLATFORMS,
    TAGS: 'c0ffee',
  };
  const run = await runStep(step, env, { cosign: 'echo "cosign $*" >>"$STUB_LOG"' });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(run.calls, [
    `cosign sign --yes --recursive ${env.REPO}@sha256:index`,
    `cosign attest --yes --type cyclonedx --predicate sbom/sbom-frame-extractor-amd64-c0ffee/sbom.cdx.json ${env.REPO}@sha256:aaaa1`,
    `cosign attest --yes --type cyclonedx --predicate sbom/sbom-frame-extractor-arm64-c0ffee/sbom.cdx.json ${env.REPO}@sha256:bbbb2`,
  ]);
  // those SBOM paths are where the push job's download puts the scans' artifacts:
  // <path>/<artifact name>/sbom.cdx.json, one artifact per scan matrix entry
  const upload = images.jobs.scan.steps.find((s) => uses(s, 'actions/upload-artifact'));
  const download = images.jobs.build.steps.find((s) => uses(s, 'actions/download-artifact'));
  assert.equal(download.with.path, 'sbom');
  assert.equal(upload.with.path, 'sbom/sbom.cdx.json');
  for (const arch of ['amd64', 'arm64']) {
    const artifact = upload.with.name
      .replace('${{ matrix.short }}', 'frame-extractor')
      .replace('${{ matrix.arch }}', arch)
      .replace('${{ github.sha }}', 'c0ffee');
    assert.ok(run.calls.some((c) => c.includes(`--predicate sbom/${artifact}/sbom.cdx.json `)), artifact);
    const pattern = new RegExp(
      `^${download.with.pattern.replace('${{ matrix.short }}', 'frame-extractor').replace('${{ github.sha }}', 'c0ffee').replace('*', '[^/]+')}$`,
    );
    assert.match(artifact, pattern, 'the download pattern takes every platform SBOM of this image');
  }
});

test('the images QEMU and Buildx start are pinned by digest, and the pinning rules catch them by tag', () => {
  for (const job of ['scan', 'build']) {
    for (const step of images.jobs[job].steps.filter((s) => uses(s, 'docker/setup-qemu-action'))) {
      assert.equal(step.with.image, '${{ env.BINFMT_IMAGE }}');
    }
    for (const step of images.jobs[job].steps.filter((s) => uses(s, 'docker/setup-buildx-action'))) {
      assert.equal(step.with['driver-opts'], 'image=${{ env.BUILDKIT_IMAGE }}');
    }
  }
  assert.match(images.env.BINFMT_IMAGE, /^docker\.io\/tonistiigi\/binfmt:qemu-v[\d.]+@sha256:[0-9a-f]{64}$/);
  assert.match(images.env.BUILDKIT_IMAGE, /^docker\.io\/moby\/buildkit:v[\d.]+@sha256:[0-9a-f]{64}$/);
  const workflow = (withs, permissions = '{id-token: write}') =>
    `on: push\nenv:\n  PINNED: tonistiigi/binfmt:qemu-v10.2.3@sha256:${'a'.repeat(64)}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: ${permissions}\n    steps:\n${withs}`;
  const qemu = `      - uses: docker/setup-qemu-action@${'1'.repeat(40)}\n`;
  const buildx = `      - uses: docker/setup-buildx-action@${'2'.repeat(40)}\n`;
  assert.equal(pinningFindings(workflow(qemu)).length, 1, 'binfmt:latest by default');
  assert.equal(pinningFindings(workflow(`${qemu}        with:\n          image: tonistiigi/binfmt:qemu-v10.2.3\n`)).length, 1);
  assert.deepEqual(pinningFindings(workflow(`${qemu}        with:\n          image: \${{ env.PINNED }}\n`)), []);
  assert.equal(pinningFindings(workflow(buildx)).length, 1, 'moby/buildkit:buildx-stable-1 by default');
  assert.deepEqual(pinningFindings(workflow(`${buildx}        with:\n          driver-opts: image=moby/buildkit:v0.33.1@sha256:${'b'.repeat(64)}\n`)), []);
  assert.deepEqual(pinningFindings(workflow(qemu + buildx, '{contents: read}')), [], 'a read-only job may use tags');
});

/** A Dockerfile's instructions: continuation lines joined, comments and blank lines dropped. */
async function instructions(dockerfile) {
  const text = (await readFile(path.join(root, dockerfile), 'utf8')).replace(/\\\n/g, ' ');
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/** The stages of a Dockerfile: { from, platform, lines }. */
function stages(lines) {
  const result = [];
  for (const line of lines) {
    const from = /^FROM (?:--platform=(\S+) )?(\S+)/.exec(line);
    if (from) {
      result.push({ from: from[2], platform: from[1], lines: [] });
    } else if (result.length) {
      result.at(-1).lines.push(line);
    }
  }
  return result;
}

// JVM options checked to exist, with the same meaning, on HotSpot's x86-64 and AArch64 ports
// (JDK 17). A new one joins this list once it is checked on both.
const PORTABLE_JVM_OPTIONS = new Set([
  '-Xmx128m',
  '-XX:MaxRAMPercentage=75',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:+UseSerialGC',
  '-XX:-UsePerfData',
  '-XX:TieredStopAtLevel=1',
  '-XX:SharedArchiveFile=/app/extractor.jsa',
  '-XX:ArchiveClassesAtExit=/app/extractor.jsa',
  '-Djarmode=tools',
]);

for (const dockerfile of DOCKERFILES) {
  test(`${dockerfile}: builds bytecode on the build platform, the runtime stage per target platform`, async () => {
    const all = stages(await instructions(dockerfile));
    const runtime = all.at(-1);
    assert.equal(runtime.platform, undefined, 'the runtime stage is the target platform (no --platform)');
    for (const stage of all.slice(0, -1)) {
      const arch = stage.lines.some((l) => /^RUN .*(\.\/mvnw|-Djarmode=tools)/.test(l));
      assert.ok(arch, `${dockerfile}: ${stage.from}: a stage before the runtime builds bytecode only`);
      assert.equal(stage.platform, '$BUILDPLATFORM', `${dockerfile}: ${stage.from}: Maven runs natively, once`);
    }
    for (const stage of all) {
      assert.doesNotMatch(String(stage.platform), /linux\//, 'no stage pins a platform');
    }
  });

  test(`${dockerfile}: nothing it downloads or runs is tied to one architecture`, async () => {
    const lines = await instructions(dockerfile);
    const all = stages(lines);
    const runtime = all.at(-1);
    for (const line of lines) {
      // downloaded files name no architecture unless they pick the target's
      for (const [url] of line.matchAll(/https?:\/\/\S+/g)) {
        if (/amd64|x86[_-]64|x64|aarch64|arm64|linux64/i.test(url)) {
          assert.match(url, /\$\{?TARGET(ARCH|PLATFORM)\}?/, `${dockerfile}: ${url}`);
        }
      }
      // Debian's JRE lives in an architecture-named directory: reach java through the PATH
      assert.doesNotMatch(line, /\/usr\/lib\/jvm\/[^\s"]*-(amd64|arm64)/, `${dockerfile}: ${line}`);
    }
    // JVM flags: in the entrypoint, JAVA_TOOL_OPTIONS and every java run, only portable ones
    const flags = [];
    for (const line of lines) {
      if (/^ENTRYPOINT /.test(line)) flags.push(...JSON.parse(line.slice('ENTRYPOINT '.length)).filter((a) => /^-[XD]/.test(a)));
      const toolOptions = /JAVA_TOOL_OPTIONS="([^"]*)"/.exec(line);
      if (toolOptions) flags.push(...toolOptions[1].split(/\s+/));
      for (const [, args] of line.matchAll(/\bjava ((?:-[XD]\S+\s+)+)/g)) flags.push(...args.trim().split(/\s+/));
    }
    const portable = (flag) => PORTABLE_JVM_OPTIONS.has(flag) || /^-D(?!jarmode)[\w.]+=/.test(flag);
    assert.ok(flags.length >= 3, flags.join(' '));
    assert.deepEqual(flags.filter((f) => !portable(f)), [], `${dockerfile}: JVM options not known to be valid on both ports`);
    // a class data sharing archive only loads on the JVM and platform that wrote it
    for (const stage of all.slice(0, -1)) {
      assert.ok(!stage.lines.some((l) => /ArchiveClassesAtExit/.test(l)), `${dockerfile}: CDS archive written in ${stage.from}`);
    }
    if (runtime.lines.some((l) => /SharedArchiveFile/.test(l))) {
      assert.ok(runtime.lines.some((l) => /ArchiveClassesAtExit/.test(l)), 'the archive is written in the runtime stage');
    }
  });

  test(`${dockerfile}: its comments say what the build does: multi-arch, not amd64 only`, async () => {
    const text = await readFile(path.join(root, dockerfile), 'utf8');
    assert.match(text, /linux\/amd64 and linux\/arm64/);
    assert.doesNotMatch(text, /amd64 only|for amd64 only/i);
  });
}

/** Runs scripts/build-images with a stand-in docker that records its arguments. */
async function buildImages(...args) {
  const docker = 'echo "docker $*" >>"$STUB_LOG"';
  return runStep({ name: 'scripts/build-images', run: `exec scripts/build-images ${args.join(' ')}` }, {}, { docker });
}

test('scripts/build-images builds both platforms as CI does, pushing the index, or one platform locally', async () => {
  const both = await buildImages('--tag', '1.4.0', '--registry', 'r.example', '--platform', 'linux/amd64,linux/arm64', '--push', 'operator');
  assert.equal(both.status, 0, both.stderr);
  assert.equal(both.stdout.trim(), 'r.example/frameflow/operator:1.4.0');
  const build = both.calls.find((c) => c.startsWith('docker buildx build'));
  assert.match(build, /^docker buildx build --platform linux\/amd64,linux\/arm64 --push --file operator\/Dockerfile --tag r\.example\/frameflow\/operator:1\.4\.0 /);
  assert.ok(!both.calls.some((c) => c.startsWith('docker push')), 'buildx pushes the index itself');

  const arm64 = await buildImages('--tag', '1.4.0', '--platform', 'linux/arm64', 'frame-extractor');
  assert.equal(arm64.status, 0, arm64.stderr);
  assert.ok(arm64.calls.some((c) => /^docker buildx build --platform linux\/arm64 --load --file frame-extractor-image\/Dockerfile /.test(c)), arm64.calls.join('\n'));

  const unpushed = await buildImages('--tag', '1.4.0', '--platform', 'linux/amd64,linux/arm64', 'operator');
  assert.equal(unpushed.status, 64, 'an index cannot be loaded locally');
  assert.match(unpushed.stderr, /add --push/);
  const unknown = await buildImages('--tag', '1.4.0', '--platform', 'linux/s390x', 'operator');
  assert.equal(unknown.status, 64);

  const native = await buildImages('--tag', '1.4.0', 'api-gateway');
  assert.equal(native.status, 0, native.stderr);
  assert.ok(native.calls.some((c) => /^docker build --file api-gateway\/Dockerfile --tag frameflow\/api-gateway:1\.4\.0 /.test(c)), native.calls.join('\n'));
});

test('a release tag is added to an image already pushed only when it holds every platform', async () => {
  const { step } = stepOf('build', (s) => /aws ecr put-image/.test(s.run ?? ''), 'the re-tagging step');
  // a stand-in aws: the release tag is not there yet; the commit's image is the given index
  const aws = (manifest) =>
    [
      'echo "aws $*" >>"$STUB_LOG"',
      'case "$2" in',
      '  describe-images) exit 1 ;;',
      `  batch-get-image) case "$*" in *imageManifestMediaType*) echo application/vnd.oci.image.index.v1+json ;; *) cat <<'JSON'\n${manifest}\nJSON\n ;; esac ;;`,
      '  put-image) ;;',
      'esac',
    ].join('\n');
  const env = { IMAGE: 'frameflow/operator', GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v1.4.0', PLATFORMS: images.env.PLATFORMS };
  const both = await runStep(step, env, { aws: aws(index([['linux', 'amd64', 'sha256:aaaa1'], ['linux', 'arm64', 'sha256:bbbb2']])) });
  assert.equal(both.status, 0, both.stderr);
  assert.ok(both.calls.some((c) => c.startsWith('aws ecr put-image --repository-name frameflow/operator --image-tag v1.4.0')));
  const amd64Only = await runStep(step, env, { aws: aws(index([['linux', 'amd64', 'sha256:aaaa1']])) });
  assert.notEqual(amd64Only.status, 0);
  assert.match(amd64Only.stderr, /has no linux\/arm64 image/);
  assert.ok(!amd64Only.calls.some((c) => c.startsWith('aws ecr put-image')), 'not tagged');
});
