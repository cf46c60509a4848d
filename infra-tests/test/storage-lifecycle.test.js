// The buckets' safety net must not fire before the api-gateway is done with an upload: a tus upload
// keeps its S3 multipart upload open until min(last activity + 24 h, creation + maxAge), and
// the lifecycle rule aborts incomplete multipart uploads a fixed number of days after initiation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadRepository } from '../lib/repository.js';
import { asList, firstBlock } from '../lib/terraform.js';

const RESUMABLE_PROPERTIES = new URL(
  '../../api-gateway/src/main/java/dev/frameflow/gateway/resumable/ResumableProperties.java',
  import.meta.url,
);
const HOUR = 3600;
const UNITS = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: HOUR, d: 24 * HOUR };

/** Seconds of a Spring Boot duration default: "6d", "144h", or ISO-8601 "P6D" / "PT144H". */
export function durationSeconds(text) {
  const simple = /^(\d+)(ns|us|ms|s|m|h|d)?$/.exec(text.trim());
  if (simple) {
    return Number(simple[1]) * UNITS[simple[2] ?? 'ms'];
  }
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (iso && text.trim().length > 1) {
    const [, d = 0, h = 0, m = 0, s = 0] = iso;
    return Number(d) * 24 * HOUR + Number(h) * HOUR + Number(m) * 60 + Number(s);
  }
  throw new Error(`not a duration: ${text}`);
}

/** The @DefaultValue of the record component `Duration maxAge` in ResumableProperties.java. */
export function maxAgeDefault(java) {
  const match = /@DefaultValue\(\s*"([^"]+)"\s*\)\s+(?:final\s+)?(?:java\.time\.)?Duration\s+maxAge\b/.exec(java);
  if (!match) {
    throw new Error('ResumableProperties has no `@DefaultValue("...") Duration maxAge` (frameflow.resumable.max-age)');
  }
  return match[1];
}

const { roots } = await loadRepository();

test('the maxAge parser reads the record component and Spring durations', () => {
  const java = 'public record ResumableProperties(\n    @DefaultValue("24h") Duration expireAfter,\n    @DefaultValue("6d") Duration maxAge,\n    @DefaultValue("10") int maxOpenPerUser) {}';
  assert.equal(maxAgeDefault(java), '6d');
  assert.equal(durationSeconds('6d'), 6 * 24 * HOUR);
  assert.equal(durationSeconds('144h'), 6 * 24 * HOUR);
  assert.equal(durationSeconds('P6D'), 6 * 24 * HOUR);
  assert.equal(durationSeconds('PT36H'), 36 * HOUR);
  assert.throws(() => maxAgeDefault('@DefaultValue("24h") Duration expireAfter'), /maxAge/);
});

for (const env of ['environments/dev', 'environments/prod']) {
  test(`${env}: incomplete multipart uploads are aborted strictly after the gateway's resumable max-age`, async () => {
    const maxAge = maxAgeDefault(await readFile(RESUMABLE_PROPERTIES, 'utf8'));
    const lifecycle = roots[env].find((b) => b.address === 'module.frameflow.module.storage.aws_s3_bucket_lifecycle_configuration.this');
    assert.ok(lifecycle, 'the storage buckets have a lifecycle configuration');
    const abort = asList(lifecycle.body.rule).find((r) => r.id === 'abort-incomplete-multipart-uploads');
    assert.ok(abort, 'an abort-incomplete-multipart-uploads rule');
    const days = firstBlock(abort.abort_incomplete_multipart_upload)?.days_after_initiation;
    assert.equal(typeof days, 'number', `days_after_initiation must be a known number (is ${JSON.stringify(days)})`);
    assert.ok(
      days * 24 * HOUR > durationSeconds(maxAge),
      `the lifecycle aborts multipart uploads after ${days} days, not later than frameflow.resumable.max-age (${maxAge}): a live tus upload would lose its parts`,
    );
  });
}

test('the tus tails (resumable/) expire with the same delay, in the uploads bucket only', () => {
  const lifecycle = roots['environments/prod'].find((b) => b.address === 'module.frameflow.module.storage.aws_s3_bucket_lifecycle_configuration.this');
  const [tails] = asList(lifecycle.body.dynamic?.rule);
  assert.ok(tails, 'a dynamic rule for the tails');
  assert.equal(tails.for_each, '${each.key == "uploads" ? [var.abort_incomplete_multipart_days] : []}');
  const content = firstBlock(tails.content);
  assert.equal(content.id, 'expire-resumable-tails');
  assert.equal(firstBlock(content.filter).prefix, 'resumable/');
  assert.equal(firstBlock(content.expiration).days, '${rule.value}');
});

test('the abort delay is a validated variable of modules/storage, 7 days by default', async () => {
  const { modules } = await loadRepository();
  const variable = modules['modules/storage'].variable.abort_incomplete_multipart_days;
  assert.equal(variable.default, 7);
  const [validation] = asList(variable.validation);
  assert.match(validation.condition, /var\.abort_incomplete_multipart_days >= 7/);
});
