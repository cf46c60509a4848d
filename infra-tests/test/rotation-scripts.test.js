// The scripts that write, outside Terraform, the values Terraform no longer holds (issue 27, item
// 11): scripts/rotate-broker-password against a RabbitMQ management API served over HTTPS on the
// loopback address, and scripts/rotate-ses-smtp-key; both with a stand-in AWS CLI on the PATH
// (fixtures/fake-aws/aws) that keeps Secrets Manager's staging labels and IAM's two keys per user
// and records every command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const SCRIPTS = path.resolve(here, '../../scripts');
const FAKE_AWS = path.join(here, 'fixtures/fake-aws');

let dir;
let server;
let url;
/** The broker's users as RabbitMQ holds them: name -> { password, tags }. */
let users;
/** Set by a test to make the broker answer 500 to a user change. */
let refuseChanges = false;

const login = (req) => {
  const match = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
  if (!match) return null;
  const text = Buffer.from(match[1], 'base64').toString();
  const colon = text.indexOf(':');
  const [name, password] = [text.slice(0, colon), text.slice(colon + 1)];
  const user = users[name];
  const same = user && user.password.length === password.length && timingSafeEqual(Buffer.from(user.password), Buffer.from(password));
  return same ? { name, ...user } : null;
};

/** The parts of RabbitMQ's management API the script uses, with its rules on who may call them. */
function managementApi(req, res) {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const caller = login(req);
  if (!caller) return send(401, { error: 'not_authorised', reason: 'Login failed' });
  if (!caller.tags.includes('administrator') && !caller.tags.includes('management')) {
    return send(401, { error: 'not_authorised', reason: 'Not management user' });
  }
  const userPath = /^\/api\/users\/([^/]+)$/.exec(req.url);
  if (req.method === 'GET' && req.url === '/api/whoami') return send(200, { name: caller.name, tags: caller.tags });
  if (!caller.tags.includes('administrator')) return send(401, { error: 'not_authorised', reason: 'Not administrator user' });
  if (req.method === 'GET' && userPath) {
    const name = decodeURIComponent(userPath[1]);
    return users[name] ? send(200, { name, tags: users[name].tags }) : send(404, { error: 'Object Not Found' });
  }
  if (req.method === 'PUT' && userPath) {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (refuseChanges) return send(500, { error: 'internal_error' });
      const { password, tags } = JSON.parse(body);
      users[decodeURIComponent(userPath[1])] = { password, tags: tags === '' ? [] : tags.split(',') };
      res.writeHead(204);
      res.end();
    });
    return undefined;
  }
  return send(405, { error: 'Method Not Allowed' });
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rotation-'));
  // a certificate for 127.0.0.1 that curl trusts through CURL_CA_BUNDLE alone
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ]);
  server = createServer({ key: await readFile(path.join(dir, 'key.pem')), cert: await readFile(path.join(dir, 'cert.pem')) }, managementApi);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${server.address().port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const STATE = () => path.join(dir, 'aws-state.json');
const awsState = async () => JSON.parse(await readFile(STATE(), 'utf8'));
const setAws = (state) => writeFile(STATE(), JSON.stringify({ calls: [], secrets: {}, iam: {}, ...state }));
const current = (state, entry) => {
  const found = Object.entries(state.secrets[entry].versions).find(([, v]) => v.stages.includes('AWSCURRENT'));
  return found && JSON.parse(found[1].string);
};
const stagesOf = (state, entry) => Object.values(state.secrets[entry].versions).map((v) => v.stages.join('+')).sort();

/** Runs a script with the fake AWS CLI first on the PATH; resolves to { code, stderr }. */
async function script(name, args) {
  try {
    const { stderr } = await run(path.join(SCRIPTS, name), args, {
      env: { ...process.env, PATH: `${FAKE_AWS}:${process.env.PATH}`, FAKE_AWS_STATE: STATE(), CURL_CA_BUNDLE: path.join(dir, 'cert.pem') },
    });
    return { code: 0, stderr };
  } catch (e) {
    return { code: e.code, stderr: e.stderr };
  }
}

/** No recorded command line carries any of these values. */
function onNoCommandLine(state, secrets) {
  for (const call of state.calls) {
    for (const secret of secrets) {
      assert.ok(!call.join(' ').includes(secret), `a command line carried a secret: aws ${call[0]} ${call[1]}`);
    }
  }
}

const BOOTSTRAP = '0b6f1f8e-6c1e-4c0e-9a4f-1e2d3c4b5a69';

/** An environment right after its first apply: the broker's bootstrap login, empty service entries. */
async function firstApplied() {
  users = {
    frameflow: { password: BOOTSTRAP, tags: ['administrator'] },
    'frameflow-prod-operator': { password: 'another-bootstrap-nobody-knows', tags: [] },
  };
  await setAws({
    secrets: {
      'frameflow/prod/rabbitmq-admin': {
        versions: { bootstrap: { string: JSON.stringify({ username: 'frameflow', password: BOOTSTRAP }), stages: ['AWSCURRENT'] } },
      },
      'frameflow/prod/rabbitmq-operator': { versions: {} },
    },
  });
}

test('rotate-broker-password replaces the bootstrap administrator: the state\'s copy opens nothing, the entry opens the broker', async () => {
  await firstApplied();
  const { code, stderr } = await script('rotate-broker-password', [url, 'frameflow/prod/rabbitmq-admin']);
  assert.equal(code, 0, stderr);

  const state = await awsState();
  const admin = current(state, 'frameflow/prod/rabbitmq-admin');
  assert.equal(admin.username, 'frameflow');
  assert.match(admin.password, /^[0-9a-f]{48}$/);
  assert.equal(users.frameflow.password, admin.password, 'the broker has what the entry says');
  assert.notEqual(users.frameflow.password, BOOTSTRAP, 'the bootstrap no longer logs in');
  assert.deepEqual(users.frameflow.tags, ['administrator']);
  assert.deepEqual(stagesOf(state, 'frameflow/prod/rabbitmq-admin'), ['AWSCURRENT', 'AWSPREVIOUS'], 'no AWSPENDING left');
  onNoCommandLine(state, [admin.password, BOOTSTRAP]);
});

test('rotate-broker-password gives a service user its first password and no management tag', async () => {
  await firstApplied();
  users['frameflow-prod-operator'].tags = ['management']; // set by hand since: taken away again
  assert.notEqual((await script('rotate-broker-password', [url, 'frameflow/prod/rabbitmq-operator'])).code, 0, 'an empty entry needs USERNAME');

  const { code, stderr } = await script('rotate-broker-password', [url, 'frameflow/prod/rabbitmq-operator', 'frameflow-prod-operator']);
  assert.equal(code, 0, stderr);
  let state = await awsState();
  const first = current(state, 'frameflow/prod/rabbitmq-operator');
  assert.deepEqual(Object.keys(first).sort(), ['password', 'username'], 'exactly the keys of Secret frameflow-rabbitmq-operator');
  assert.equal(first.username, 'frameflow-prod-operator');
  assert.deepEqual(users['frameflow-prod-operator'], { password: first.password, tags: [] });

  // a rotation reads the user name from the entry
  assert.equal((await script('rotate-broker-password', [url, 'frameflow/prod/rabbitmq-operator'])).code, 0);
  state = await awsState();
  const second = current(state, 'frameflow/prod/rabbitmq-operator');
  assert.notEqual(second.password, first.password);
  assert.equal(users['frameflow-prod-operator'].password, second.password);
  assert.equal(users.frameflow.password, BOOTSTRAP, 'the administrator is untouched');
  onNoCommandLine(state, [first.password, second.password, BOOTSTRAP]);
});

test('rotate-broker-password keeps the password in force as AWSCURRENT when the broker refuses the change', async () => {
  await firstApplied();
  refuseChanges = true;
  try {
    const { code, stderr } = await script('rotate-broker-password', [url, 'frameflow/prod/rabbitmq-admin']);
    assert.notEqual(code, 0);
    assert.match(stderr, /refused/);
  } finally {
    refuseChanges = false;
  }
  const state = await awsState();
  assert.deepEqual(current(state, 'frameflow/prod/rabbitmq-admin'), { username: 'frameflow', password: BOOTSTRAP });
  assert.equal(users.frameflow.password, BOOTSTRAP, 'the broker and AWSCURRENT still agree');
});

test('rotate-broker-password refuses a management URL that is not https', async () => {
  await firstApplied();
  const { code, stderr } = await script('rotate-broker-password', [url.replace('https', 'http'), 'frameflow/prod/rabbitmq-admin']);
  assert.equal(code, 1);
  assert.match(stderr, /https/);
  assert.deepEqual((await awsState()).calls, [], 'nothing read');
});

/** AWS's SES SMTP password of an access key secret (SigV4 derivation, version 4), computed independently. */
function sesSmtpPassword(secret, region) {
  let key = Buffer.from(`AWS4${secret}`);
  for (const message of ['11111111', region, 'ses', 'aws4_request', 'SendRawEmail']) {
    key = createHmac('sha256', key).update(message).digest();
  }
  return Buffer.concat([Buffer.from([4]), key]).toString('base64');
}

test('rotate-ses-smtp-key writes a new key\'s SMTP password to the entry and deletes the old key and any stray one', async () => {
  // as left by Terraform before issue 27: its key in the entry, plus a stray key of an interrupted run
  await setAws({
    secrets: {
      'frameflow/prod/smtp': { versions: { v1: { string: JSON.stringify({ username: 'AKIAOLD', password: 'old' }), stages: ['AWSCURRENT'] } } },
    },
    iam: { 'frameflow-prod-ses-smtp': { keys: [{ id: 'AKIAOLD', secret: 'old-secret' }, { id: 'AKIASTRAY', secret: 'stray-secret' }] } },
  });
  const { code, stderr } = await script('rotate-ses-smtp-key', ['frameflow/prod/smtp', 'frameflow-prod-ses-smtp', 'eu-west-1']);
  assert.equal(code, 0, stderr);

  const state = await awsState();
  const [key] = state.iam['frameflow-prod-ses-smtp'].keys;
  assert.equal(state.iam['frameflow-prod-ses-smtp'].keys.length, 1, 'the old and the stray key are deleted');
  assert.notEqual(key.id, 'AKIAOLD');
  const login = current(state, 'frameflow/prod/smtp');
  assert.deepEqual(login, { username: key.id, password: sesSmtpPassword(key.secret, 'eu-west-1') });
  onNoCommandLine(state, [key.secret, login.password]);
  assert.equal(state.inlineSecretStrings ?? 0, 0);
});

test('rotate-ses-smtp-key deletes the key it made when the entry cannot be written, and leaves the old one', async () => {
  await setAws({
    secrets: { 'frameflow/prod/smtp': { versions: {} } },
    iam: { 'frameflow-prod-ses-smtp': { keys: [] } },
    refuse: ['put-secret-value'],
  });
  const { code } = await script('rotate-ses-smtp-key', ['frameflow/prod/smtp', 'frameflow-prod-ses-smtp', 'eu-west-1']);
  assert.equal(code, 1);
  const state = await awsState();
  assert.deepEqual(state.iam['frameflow-prod-ses-smtp'].keys, [], 'no key left behind');
});
