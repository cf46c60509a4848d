// Evaluates recorded S3 requests against the rendered IAM policies with @cloud-copilot/iam-simulate,
// and the policies' grants against the requests: what production would refuse, and what it allows
// that nothing used.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { TEST_ENVIRONMENT } from './policies.mjs';

/** Principals whose requests are the tests' own setup and assertions: not evaluated. */
export const NOT_EVALUATED = new Set(['test-harness']);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const CANONICAL_UUID = '00000000-0000-4000-8000-000000000000';

// An object read of a missing key: S3 answers 404 (NoSuchKey) only when the caller may also
// s3:ListBucket the bucket (without an s3:prefix: the implied check carries none), 403 otherwise.
const isMissingObjectRead = (r) => r.action === 's3:GetObject' && r.key != null && Number(r.status) === 404;

// SSE-KMS: S3 calls KMS with the requester's permissions. A write needs kms:GenerateDataKey; a
// read needs kms:Decrypt, and so does each step of a multipart upload.
const isMultipart = (r) => /(^|&)(uploadId|uploads)(=|&|$)/.test(String(r.query ?? ''));
const KMS_USES = {
  'kms:GenerateDataKey': (r) => r.action === 's3:PutObject',
  'kms:Decrypt': (r) => r.action === 's3:GetObject' || (r.action === 's3:PutObject' && isMultipart(r)),
};

function bucketArn(env, logical) {
  if (logical == null) return '*'; // an account-level call (s3:ListAllMyBuckets)
  const arn = env.buckets[logical];
  if (!arn) throw new Error(`unknown logical bucket ${JSON.stringify(logical)} (known: ${Object.keys(env.buckets).join(', ')})`);
  return arn;
}

/** The request each record stands for, with UUIDs made canonical so that identical calls coincide. */
function callOf(record, env, { impliedList = false } = {}) {
  const bucket = bucketArn(env, record.bucket);
  const canonical = (s) => (s == null ? s : String(s).replace(UUID, CANONICAL_UUID));
  if (impliedList) {
    return { principal: record.principal, action: 's3:ListBucket', resource: bucket, prefix: null, implied: '404' };
  }
  const resource = record.key == null ? bucket : `${bucket}/${canonical(record.key)}`;
  const prefix = record.action === 's3:ListBucket' ? canonical(record.prefix) : null;
  return { principal: record.principal, action: record.action, resource, prefix, implied: null };
}

const callKey = (c) => JSON.stringify([c.principal, c.action, c.resource, c.prefix, c.implied]);

async function simulate(call, policy, bucketPolicy, env, roleArn) {
  const contextVariables = { 'aws:SecureTransport': 'true' };
  if (call.prefix != null) contextVariables['s3:prefix'] = call.prefix;
  const result = await runSimulation(
    {
      identityPolicies: [{ name: policy.name, policy: policy.document }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(bucketPolicy ? { resourcePolicy: bucketPolicy } : {}),
      request: {
        action: call.action,
        resource: { resource: call.resource, accountId: env.accountId },
        principal: roleArn,
        contextVariables,
      },
    },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(`iam-simulate refused ${call.principal} ${call.action} ${call.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result;
}

/** Which (statement index, action pattern, resource pattern) of the identity policy allowed it. */
function allowingGrants(result, policy) {
  const analysis = result.resultType === 'single' ? result.result.analysis : undefined;
  const found = [];
  for (const match of analysis?.identityAnalysis?.allowStatements ?? []) {
    const index = policy.document.Statement.findIndex((s) => JSON.stringify(s) === JSON.stringify(match.statement));
    if (index < 0) continue;
    const actions = (match.explain?.actions ?? []).filter((a) => a.matches).map((a) => a.action);
    const resources = (match.explain?.resources ?? []).filter((r) => r.matches).map((r) => r.resource);
    for (const action of actions) for (const resource of resources) found.push({ index, action, resource });
  }
  return found;
}

const grantId = (principal, sid, action, terraformResource) => JSON.stringify([principal, sid, action, terraformResource]);

/**
 * Evaluates records (from readRecords) against policies (podRolePolicies) and bucketPolicies.
 * allowlist: entries of unused-grants.yaml. Returns what the report needs; ok is the verdict.
 */
export async function evaluate({ records, policies, bucketPolicies = {}, allowlist = [], env = TEST_ENVIRONMENT }) {
  const perPrincipal = {};
  const calls = new Map();
  const unknownPrincipals = new Map();
  let harness = 0;

  for (const record of records) {
    if (NOT_EVALUATED.has(record.principal)) {
      harness++;
      continue;
    }
    if (!policies[record.principal]) {
      const tests = unknownPrincipals.get(record.principal) ?? new Set();
      tests.add(record.test);
      unknownPrincipals.set(record.principal, tests);
      continue;
    }
    const stats = (perPrincipal[record.principal] ??= { requests: 0, calls: 0, allowed: 0, denied: 0 });
    stats.requests++;
    const wanted = [callOf(record, env)];
    if (isMissingObjectRead(record)) wanted.push(callOf(record, env, { impliedList: true }));
    for (const call of wanted) {
      const key = callKey(call);
      let entry = calls.get(key);
      if (!entry) {
        entry = { call, records: [], tests: new Set() };
        calls.set(key, entry);
      }
      entry.records.push(record);
      entry.tests.add(record.test);
    }
  }

  const used = new Map(); // grantId -> { requests, via:Set }
  const markUsed = (id, count, via) => {
    const u = used.get(id) ?? { requests: 0, via: new Set() };
    u.requests += count;
    u.via.add(via);
    used.set(id, u);
  };
  const denied = [];
  const allowedEntries = [];
  for (const entry of calls.values()) {
    const { call } = entry;
    const policy = policies[call.principal];
    const roleArn = entry.records[0].roleArn ?? env.roleArn(call.principal);
    const bucket = bucketArn(env, entry.records[0].bucket);
    const result = await simulate(call, policy, bucketPolicies[bucket], env, roleArn);
    const stats = perPrincipal[call.principal];
    stats.calls++;
    if (result.overallResult === 'Allowed') {
      stats.allowed++;
      if (!call.implied) allowedEntries.push(entry);
      for (const g of allowingGrants(result, policy)) {
        const statement = policy.statements[g.index];
        const r = statement.resources.indexOf(g.resource);
        markUsed(grantId(call.principal, statement.sid, g.action, statement.terraformResources[r]), entry.records.length, call.implied ? 'missing-key reads (404)' : 'requests');
      }
    } else {
      stats.denied++;
      const sample = entry.records[0];
      denied.push({
        principal: call.principal,
        action: call.action,
        resource: call.implied ? call.resource : `${bucket}${sample.key == null ? '' : `/${sample.key}`}`,
        prefix: call.implied ? null : sample.prefix ?? null,
        method: sample.method ?? null,
        query: sample.query ?? null,
        signedBy: [...new Set(entry.records.map((r) => r.signedBy))].join(','),
        status: sample.status ?? null,
        result: result.overallResult,
        implied: call.implied,
        impliedBy: call.implied ? `${sample.action} ${bucket}/${sample.key} answered 404` : null,
        requests: entry.records.length,
        tests: [...entry.tests].sort(),
      });
    }
  }

  // kms: no KMS call is recorded; S3 makes them for the principal's allowed object requests
  const kmsNotes = [];
  for (const [principal, policy] of Object.entries(policies)) {
    const mine = allowedEntries.filter((e) => e.call.principal === principal).flatMap((e) => e.records);
    for (const statement of policy.statements.filter((s) => s.effect === 'Allow')) {
      statement.actions.forEach((action) => {
        const uses = KMS_USES[action];
        if (!uses) return;
        statement.resources.forEach((resource, r) => {
          if (resource !== env.kmsKeyArn) return;
          const count = mine.filter(uses).length;
          if (count > 0) {
            markUsed(grantId(principal, statement.sid, action, statement.terraformResources[r]), count, 'S3 on the principal\'s behalf (SSE-KMS)');
            kmsNotes.push({ principal, action, count });
          }
        });
      });
    }
  }

  // every Allow grant, used or not
  const grants = [];
  for (const [principal, policy] of Object.entries(policies)) {
    for (const statement of policy.statements.filter((s) => s.effect === 'Allow')) {
      for (const action of statement.actions) {
        for (const terraformResource of statement.terraformResources) {
          const id = grantId(principal, statement.sid, action, terraformResource);
          const u = used.get(id);
          grants.push({ principal, sid: statement.sid, action, resource: terraformResource, requests: u?.requests ?? 0, via: u ? [...u.via] : [] });
        }
      }
    }
  }
  const listed = new Map();
  const allowlistProblems = [];
  for (const [i, entry] of allowlist.entries()) {
    const where = `unused-grants.yaml entry ${i + 1}`;
    const missing = ['principal', 'sid', 'action', 'resource', 'reason'].filter((k) => typeof entry?.[k] !== 'string' || entry[k].trim() === '');
    if (missing.length > 0) {
      allowlistProblems.push(`${where}: needs ${missing.join(', ')}`);
      continue;
    }
    const id = grantId(entry.principal, entry.sid, entry.action, entry.resource);
    if (!grants.some((g) => grantId(g.principal, g.sid, g.action, g.resource) === id)) {
      allowlistProblems.push(`${where}: no such grant (${entry.principal} ${entry.sid} ${entry.action} ${entry.resource})`);
      continue;
    }
    listed.set(id, entry.reason.trim());
  }
  for (const g of grants) {
    const reason = listed.get(grantId(g.principal, g.sid, g.action, g.resource));
    g.status = g.requests > 0 ? (reason ? 'used (listed as unused: remove the entry)' : 'used') : reason ? 'unused, accepted' : 'UNUSED';
    g.reason = reason ?? null;
  }
  const unused = grants.filter((g) => g.status === 'UNUSED');
  const evaluated = Object.values(perPrincipal).reduce((n, s) => n + s.requests, 0);
  const problems = [];
  if (evaluated === 0) problems.push('no request of a pod role was recorded: nothing was evaluated');
  return {
    records: records.length,
    harness,
    evaluated,
    perPrincipal,
    denied,
    grants,
    unused,
    kmsNotes,
    allowlistProblems,
    unknownPrincipals: [...unknownPrincipals].map(([principal, tests]) => ({ principal, tests: [...tests].sort() })),
    problems,
    ok: denied.length === 0 && unused.length === 0 && allowlistProblems.length === 0 && unknownPrincipals.size === 0 && problems.length === 0,
  };
}

const testList = (tests, max = 5) => (tests.length <= max ? tests.join(', ') : `${tests.slice(0, max).join(', ')} and ${tests.length - max} more`);

/** The report as lines of text. */
export function formatReport(result, { files = [], dir = '' } = {}) {
  const lines = [];
  const say = (s = '') => lines.push(s);
  say(`IAM conformance: ${result.records} recorded S3 requests${dir ? ` in ${files.length} file(s) under ${dir}` : ''}; ${result.harness} by test-harness (not evaluated)`);
  say('Policies: modules/pod-roles rendered with test ARNs; bucket policies of modules/private-bucket; requests evaluated with aws:SecureTransport=true (production uses HTTPS)');
  say();
  say('Requests per principal (distinct calls = same action on the same key pattern; UUIDs folded):');
  for (const [principal, s] of Object.entries(result.perPrincipal)) {
    say(`  ${principal.padEnd(12)} ${String(s.requests).padStart(6)} requests, ${s.calls} distinct calls: ${s.allowed} allowed, ${s.denied} denied`);
  }
  for (const u of result.unknownPrincipals) {
    say(`  UNKNOWN PRINCIPAL ${u.principal}: no role in modules/pod-roles (tests: ${testList(u.tests)})`);
  }
  if (result.denied.length > 0) {
    say();
    say('DENIED: production would refuse these requests:');
    for (const d of result.denied) {
      const what = d.implied
        ? `${d.principal} ${d.action} ${d.resource} (implied: ${d.impliedBy}; without ListBucket S3 answers 403, not 404)`
        : `${d.principal} ${d.action} ${d.resource}${d.prefix != null ? ` prefix=${d.prefix}` : ''} (${d.method ?? '?'}${d.query ? ` ?${d.query}` : ''}, signedBy ${d.signedBy})`;
      say(`  DENIED ${what}: ${d.result}; ${d.requests} request(s) by ${testList(d.tests)}`);
    }
  }
  say();
  say('Grants (Allow statement x action x resource):');
  for (const g of result.grants) {
    const use = g.requests > 0 ? `${g.requests} request(s) via ${g.via.join(', ')}` : g.reason ? `accepted: ${g.reason}` : 'no recorded request used it';
    say(`  ${g.status === 'UNUSED' ? 'UNUSED ' : ''}${g.principal} ${g.sid} ${g.action} ${g.resource}: ${use}`);
  }
  if (result.kmsNotes.length > 0) {
    say();
    say('KMS: the S3 server records no KMS calls; with SSE-KMS S3 calls KMS on the principal\'s behalf, so kms:GenerateDataKey counts as used by');
    say('     its allowed PutObject requests and kms:Decrypt by its allowed GetObject and multipart PutObject requests.');
  }
  for (const p of [...result.allowlistProblems, ...result.problems]) {
    say(`PROBLEM ${p}`);
  }
  say();
  const used = result.grants.filter((g) => g.requests > 0).length;
  const accepted = result.grants.filter((g) => g.status === 'unused, accepted').length;
  const allowed = Object.values(result.perPrincipal).reduce((n, s) => n + s.allowed, 0);
  say(`Summary: ${result.evaluated} requests evaluated (${allowed} distinct calls allowed, ${result.denied.length} denied); grants: ${used} used, ${accepted} unused but accepted (unused-grants.yaml), ${result.unused.length} unused`);
  say(result.ok ? 'IAM conformance: ok' : 'IAM conformance: FAILED');
  return lines;
}
