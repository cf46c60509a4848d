// What a workflow may run, beyond actionlint (issue 27, item 12): every action pinned to a commit,
// no Docker socket handed to anything, and in a job that holds a credential (an OIDC token or a
// write permission of GITHUB_TOKEN) no container image by a mutable tag: a moved tag would run
// someone else's code with that credential.
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
