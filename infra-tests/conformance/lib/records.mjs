// The S3 requests the test suite recorded (docs/conformance.md, target/conformance/s3-requests):
// one JSON object a line in *.jsonl files.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const REQUIRED = ['principal', 'action', 'bucket', 'signedBy', 'test'];

/** Every record of the *.jsonl files in dir, each with its file and line; throws on a bad line. */
export async function readRecords(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT') {
      const err = new Error(`no recorded S3 requests: ${dir} does not exist (the Java test suite writes it; scripts/test)`);
      err.code = 'NO_RECORDS';
      throw err;
    }
    throw e;
  }
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => e.name).sort();
  const records = [];
  for (const name of files) {
    const text = await readFile(path.join(dir, name), 'utf8');
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let record;
      try {
        record = JSON.parse(line);
      } catch (e) {
        throw new Error(`${name}:${i + 1}: not JSON (${e.message})`);
      }
      // listing the account's buckets names no bucket: its resource is "*"
      const required = record.action === 's3:ListAllMyBuckets' ? REQUIRED.filter((k) => k !== 'bucket') : REQUIRED;
      const missing = required.filter((k) => record[k] === undefined || record[k] === null || record[k] === '');
      if (missing.length > 0) {
        throw new Error(`${name}:${i + 1}: record without ${missing.join(', ')}`);
      }
      records.push({ ...record, file: name, line: i + 1 });
    });
  }
  return { files, records };
}
