// What a workflow may run, beyond actionlint (issue 27, item 12): every action pinned to a commit,
// no Docker socket handed to anything, and in a job that holds a credential (an OIDC token or a
// write permission of GITHUB_TOKEN) no container image by a mutable tag: a moved tag would run
// someone else's code with that credential. That includes the images actions start themselves:
// docker/setup-qemu-action's binfmt installer and docker/setup-buildx-action's BuildKit, both
// privileged containers (issue 30: the multi-arch builds), named through `with:` (or `env.*`).
import { parse } from 'yaml';

const SHA = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const DIGEST = /@sha256:[0-9a-f]{64}/;
const SOCKET = /docker\.sock/;
const CONTAINER_COMMAND = /\bdocker\s+(run|create|pull)\b|\bpodman\s+(run|create|pull)\b/;

/** Whether a job's token can do more than read: an OIDC token, or any write permission. */
function holdsCredential(job, workflow) {
  const permissions = job.permissions ?? workflow.permissions;
  if (permissions === undefined) return true; // the repository default may be write-all
  if (typeof permissions === 'string') return permissions !== 'read-all' && permissions !== '{}';
  return Object.values(permissions).some((v) => v === 'write');
}

const imageOf = (c) => (typeof c === 'string' ? c : c?.image);

/** A step's `with.<input>`, with `${{ env.NAME }}` taken from the step's, job's or workflow's env. */
function input(step, name, job, workflow) {
  const value = String(step.with?.[name] ?? '');
  return value.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, key) =>
    String(step.env?.[key] ?? job.env?.[key] ?? workflow.env?.[key] ?? whole),
  );
}

/** The container image an action starts by itself, when it starts one: [image | undefined]. */
function actionImages(step, job, workflow) {
  const uses = String(step.uses ?? '');
  if (uses.startsWith('docker/setup-qemu-action@')) {
    return [input(step, 'image', job, workflow) || 'tonistiigi/binfmt:latest (the default)'];
  }
  if (uses.startsWith('docker/setup-buildx-action@')) {
    const driver = input(step, 'driver', job, workflow) || 'docker-container';
    if (driver !== 'docker-container') return [];
    const opts = input(step, 'driver-opts', job, workflow);
    const image = /(?:^|[\s,])image=([^\s,]+)/.exec(opts)?.[1];
    return [image ?? 'moby/buildkit:buildx-stable-1 (the default)'];
  }
  return [];
}

/** Findings for one workflow file's text: [{ job, message }], empty when it passes. */
export function pinningFindings(text) {
  const workflow = parse(text) ?? {};
  const findings = [];
  for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
    const add = (message) => findings.push({ job: name, message });
    const privileged = holdsCredential(job, workflow);
    const images = [imageOf(job.container), ...Object.values(job.services ?? {}).map(imageOf)].filter(Boolean);
    for (const image of images) {
      if (privileged && !DIGEST.test(image)) add(`image ${image} by tag in a job that holds a credential: pin it by digest`);
    }
    if (typeof job.uses === 'string' && !job.uses.startsWith('./') && !SHA.test(job.uses)) {
      add(`reusable workflow ${job.uses} not pinned to a commit`);
    }
    for (const step of job.steps ?? []) {
      const uses = step.uses;
      if (typeof uses === 'string') {
        if (uses.startsWith('docker://')) {
          if (!DIGEST.test(uses)) add(`${uses}: a container action by tag: pin it by digest`);
        } else if (!uses.startsWith('./') && !SHA.test(uses)) {
          add(`${uses}: not pinned to a full commit SHA`);
        }
      }
      for (const image of actionImages(step, job, workflow)) {
        if (privileged && !DIGEST.test(image)) {
          add(`${uses} starts ${image} by tag in a job that holds a credential: pin it by digest`);
        }
      }
      const text = [String(step.run ?? ''), JSON.stringify(step.with ?? {}), JSON.stringify(step.env ?? {})].join('\n');
      if (SOCKET.test(text)) add(`${step.name ?? uses ?? 'a step'} hands the Docker socket to something`);
      for (const line of String(step.run ?? '').split('\n')) {
        if (privileged && CONTAINER_COMMAND.test(line) && !DIGEST.test(line)) {
          add(`${step.name ?? 'a step'} runs a container by tag in a job that holds a credential: ${line.trim()}`);
        }
      }
    }
  }
  return findings;
}
