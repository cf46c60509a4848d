// The Frameflow page: sign in or register, upload videos, watch them turn into frames.

import * as session from './session.js';
import * as videos from './videos.js';
import { optionsFrom, showFieldErrors, uploadOne } from './upload.js';
import { announce, show } from './ui.js';
import { wireFrameDialog } from './frame-dialog.js';

const RATE_LABELS = {
  fps: 'Frames per second',
  intervalSeconds: 'Seconds between frames',
  count: 'How many frames',
  timestamps: 'Times, comma-separated',
  keyframes: 'At least this many seconds apart (optional)',
  scene: 'Change that starts a scene, 0 to 1 (optional)',
};
const RATE_HINTS = {
  timestamps: 'Seconds or percent of the video, e.g. 12.5, 50%, 90%',
  keyframes: 'The keyframes as the video was encoded: no decoding in between',
  scene: 'Default 0.3; the first frame is always included',
};
const RATE_DEFAULTS = { fps: '1', intervalSeconds: '10', count: '8', timestamps: '0, 50%' };

function showSignedIn(user) {
  show('loading', false);
  show('signed-out', false);
  show('signed-in', true);
  show('account', true);
  document.getElementById('account-name').textContent = user.name || user.email;
  document.body.dataset.session = 'signed-in';
  videos.start();
}

function showSignedOut() {
  videos.stop();
  show('loading', false);
  show('signed-in', false);
  show('account', false);
  show('password-reset', false);
  show('signed-out', true);
  document.body.dataset.session = 'signed-out';
}

function showError(id, message) {
  const node = document.getElementById(id);
  node.textContent = message;
  node.hidden = !message;
}

async function onSignIn(event) {
  event.preventDefault();
  const form = event.target;
  showError('sign-in-error', '');
  try {
    const user = await session.signIn(form.elements.email.value.trim(), form.elements.password.value);
    form.reset();
    showSignedIn(user);
    announce(`Signed in as ${user.email}`);
    document.getElementById('upload-title').setAttribute('tabindex', '-1');
    document.getElementById('upload-title').focus();
  } catch (error) {
    showError('sign-in-error', error.message);
    form.elements.email.focus();
  }
}

async function onRegister(event) {
  event.preventDefault();
  const form = event.target;
  showError('register-error', '');
  try {
    const user = await session.register(
      form.elements.name.value.trim(),
      form.elements.email.value.trim(),
      form.elements.password.value,
    );
    form.reset();
    showSignedIn(user);
    announce(`Account created; signed in as ${user.email}`);
    document.getElementById('upload-title').setAttribute('tabindex', '-1');
    document.getElementById('upload-title').focus();
  } catch (error) {
    showError('register-error', error.message);
  }
}

async function onForgot(event) {
  event.preventDefault();
  const form = event.target;
  const email = form.elements.email.value.trim();
  if (!email) {
    showNotice('forgot-result', 'Enter the address you signed up with.');
    return;
  }
  try {
    const answer = await session.requestPasswordReset(email);
    showNotice('forgot-result', answer.detail);
  } catch (error) {
    showNotice('forgot-result', error.message);
  }
}

function showNotice(id, message) {
  showError(id, message);
  announce(message);
}

/**
 * A mailed link opens the page at #password-reset=<token>. The token leaves the address bar and the
 * history at once (it would otherwise stay in the tab's history and in screenshots) and lives on in
 * this module's memory only until it is spent.
 */
function takeResetTokenFromTheAddress() {
  const prefix = '#password-reset=';
  if (!location.hash.startsWith(prefix)) {
    return null;
  }
  const token = decodeURIComponent(location.hash.slice(prefix.length));
  history.replaceState(null, '', location.pathname + location.search);
  return token || null;
}

let resetToken = null;

function showPasswordReset(token) {
  resetToken = token;
  videos.stop();
  show('loading', false);
  show('signed-in', false);
  show('account', false);
  show('signed-out', false);
  show('password-reset', true);
  document.body.dataset.session = 'password-reset';
  showError('password-reset-error', '');
  document.getElementById('password-reset-form').elements.password.focus();
}

async function onPasswordReset(event) {
  event.preventDefault();
  const form = event.target;
  showError('password-reset-error', '');
  try {
    await session.resetPassword(resetToken, form.elements.password.value);
    resetToken = null;
    form.reset();
    showSignedOut();
    showNotice('sign-in-notice', 'Your password is changed. Sign in with it.');
    document.getElementById('sign-in-email').focus();
  } catch (error) {
    showError('password-reset-error', error.message);
    form.elements.password.focus();
  }
}

/** A reset link opened in a tab that already shows the page changes only the fragment. */
function followResetLinks() {
  window.addEventListener('hashchange', () => {
    const token = takeResetTokenFromTheAddress();
    if (token) {
      showPasswordReset(token);
    }
  });
}

let chosenFiles = [];

function choose(files) {
  chosenFiles = [...files];
  const chosen = document.getElementById('chosen');
  chosen.textContent = chosenFiles.length
    ? `${chosenFiles.length} chosen: ${chosenFiles.map((f) => f.name).join(', ')}`
    : 'No video chosen.';
}

async function onUpload(event) {
  event.preventDefault();
  const form = event.target;
  if (!chosenFiles.length) {
    announce('Choose or drop a video first');
    document.getElementById('chosen').textContent = 'Choose or drop a video first.';
    return;
  }
  const options = optionsFrom(form);
  const files = chosenFiles;
  choose([]);
  form.elements.file.value = '';
  const list = document.getElementById('uploads');
  const results = await Promise.allSettled(files.map((file) => uploadOne(file, options, list)));
  const fieldErrors = [];
  for (const result of results) {
    if (result.status === 'fulfilled') {
      videos.add(result.value);
    } else if (result.reason.problem?.errors) {
      fieldErrors.push(...result.reason.problem.errors);
    }
  }
  showFieldErrors(form, fieldErrors);
  const refused = results.filter((r) => r.status === 'rejected').length;
  if (refused) {
    announce(`${refused} of ${files.length} uploads refused`);
  }
}

function wireDropZone() {
  const zone = document.getElementById('drop-zone');
  const input = document.getElementById('files');
  input.addEventListener('change', () => choose(input.files));
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  }
  for (const type of ['dragleave', 'drop']) {
    zone.addEventListener(type, () => zone.classList.remove('dragging'));
  }
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    if (event.dataTransfer?.files?.length) {
      choose(event.dataTransfer.files);
    }
  });
}

function wireRateMode() {
  const mode = document.getElementById('rate-mode');
  mode.addEventListener('change', () => {
    document.getElementById('rate-label').textContent = RATE_LABELS[mode.value];
    const hint = document.getElementById('rate-hint');
    hint.textContent = RATE_HINTS[mode.value] || '';
    hint.hidden = !RATE_HINTS[mode.value];
    document.getElementById('rate').value = RATE_DEFAULTS[mode.value] || '';
  });
}

async function main() {
  session.whenSignedOut(showSignedOut);
  document.getElementById('sign-in-form').addEventListener('submit', onSignIn);
  document.getElementById('register-form').addEventListener('submit', onRegister);
  document.getElementById('forgot-form').addEventListener('submit', onForgot);
  document.getElementById('password-reset-form').addEventListener('submit', onPasswordReset);
  followResetLinks();
  document.getElementById('upload-form').addEventListener('submit', onUpload);
  document.getElementById('sign-out').addEventListener('click', async () => {
    await session.signOut();
    announce('Signed out');
    document.getElementById('sign-in-email').focus();
  });
  wireDropZone();
  wireRateMode();
  wireFrameDialog();
  const linkedReset = takeResetTokenFromTheAddress();
  if (linkedReset) {
    showPasswordReset(linkedReset);
    return;
  }
  const user = await session.refresh().catch(() => null);
  if (user) {
    showSignedIn(user);
  } else {
    showSignedOut();
  }
}

main();
