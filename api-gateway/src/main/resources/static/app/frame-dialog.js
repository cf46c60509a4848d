// One frame full size in a modal <dialog> (focus stays inside it, Escape or Close closes it and
// focus returns to the strip): the image from GET /api/videos/{id}/frame.jpg?time=…, the frame's
// own time (its X-Frame-Time answer), and a signed URL to copy from
// POST /api/videos/{id}/frame-links, which anyone can open without signing in until it expires.

import { api, apiJson, problemOf } from './session.js';
import { announce } from './ui.js';
import { formatTime, frameUrl } from './frame-urls.js';

// the longest a frame link may live, as long as the emailed download link: long enough to paste
// into a comment or an email
const LINK_LIFE_SECONDS = 7 * 24 * 3600;

let opened = 0;
let objectUrl = null;
let returnFocusTo = null;

function part(id) {
  return document.getElementById(id);
}

/** Opens the frame of {@code video} at {@code time} (the frame URL's time parameter). */
export async function openFrame(video, time, opener) {
  const dialog = part('frame-dialog');
  const attempt = ++opened;
  returnFocusTo = opener;
  part('frame-dialog-title').textContent = `${video.originalFilename || 'Video'}`;
  part('frame-dialog-time').textContent = 'Loading the frame…';
  delete dialog.dataset.frameTime;
  dialog.dataset.time = time;
  dialog.dataset.state = 'loading';
  const image = part('frame-dialog-image');
  image.hidden = true;
  image.removeAttribute('src');
  part('frame-dialog-link').value = '';
  part('frame-dialog-expiry').textContent = '';
  part('frame-dialog-error').hidden = true;
  part('frame-dialog-copy').disabled = true;
  if (!dialog.open) {
    dialog.showModal();
  }
  part('frame-dialog-close').focus();

  const [frame, link] = await Promise.allSettled([loadFrame(video, time), signedLink(video, time)]);
  if (attempt !== opened || !dialog.open) {
    if (frame.status === 'fulfilled') {
      URL.revokeObjectURL(frame.value.url);
    }
    return;
  }
  if (frame.status === 'fulfilled') {
    releaseImage();
    objectUrl = frame.value.url;
    image.src = objectUrl;
    image.alt = `Frame of ${video.originalFilename || 'the video'} at ${frame.value.label}`;
    image.hidden = false;
    dialog.dataset.frameTime = frame.value.frameTime || '';
    part('frame-dialog-time').textContent = `Frame at ${frame.value.label}`;
  } else {
    part('frame-dialog-time').textContent = '';
    showError(frame.reason.message);
  }
  if (link.status === 'fulfilled') {
    part('frame-dialog-link').value = link.value.url;
    part('frame-dialog-expiry').textContent =
      `Anyone with this link can see this frame, without signing in, until ${
        new Date(link.value.expiresAt).toLocaleString()}.`;
    part('frame-dialog-copy').disabled = false;
  } else if (frame.status === 'fulfilled') {
    showError(`No link to share: ${link.reason.message}`);
  }
  dialog.dataset.state = frame.status === 'fulfilled' ? 'shown' : 'refused';
  announce(part('frame-dialog-time').textContent || 'The frame could not be shown');
}

async function loadFrame(video, time) {
  const response = await api(frameUrl(video.id, time));
  if (!response.ok) {
    const problem = await problemOf(response);
    throw new Error(problem.detail || `the server answered ${response.status}`);
  }
  const frameTime = response.headers.get('X-Frame-Time');
  const url = URL.createObjectURL(await response.blob());
  const label = frameTime ? `${formatTime(Number(frameTime))} (${Number(frameTime)} s)` : time;
  return { url, frameTime, label };
}

async function signedLink(video, time) {
  const answer = await apiJson(`/api/videos/${video.id}/frame-links`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path: 'frame.jpg', query: { time }, expiresInSeconds: LINK_LIFE_SECONDS }),
  });
  return { url: new URL(answer.url, location.href).href, expiresAt: answer.expiresAt };
}

function showError(message) {
  const error = part('frame-dialog-error');
  error.textContent = message;
  error.hidden = false;
}

function releaseImage() {
  if (objectUrl) {
    URL.revokeObjectURL(objectUrl);
    objectUrl = null;
  }
}

async function copyLink() {
  const input = part('frame-dialog-link');
  let copied = false;
  try {
    await navigator.clipboard.writeText(input.value);
    copied = true;
  } catch (error) {
    // no clipboard permission (an http:// page other than localhost): select it for Ctrl+C
    input.select();
    copied = document.execCommand?.('copy') ?? false;
  }
  const status = part('frame-dialog-copied');
  status.textContent = copied ? 'Link copied.' : 'Select the link and copy it (Ctrl+C).';
  announce(status.textContent);
}

/** Wires the dialog's buttons once; the dialog itself is in index.html. */
export function wireFrameDialog() {
  const dialog = part('frame-dialog');
  part('frame-dialog-copy').addEventListener('click', copyLink);
  part('frame-dialog-link').addEventListener('focus', (event) => event.target.select());
  dialog.addEventListener('close', () => {
    opened++;
    releaseImage();
    part('frame-dialog-image').removeAttribute('src');
    part('frame-dialog-copied').textContent = '';
    dialog.dataset.state = 'closed';
    returnFocusTo?.focus?.();
    returnFocusTo = null;
  });
}
