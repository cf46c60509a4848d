// The user's videos: rendered from GET /api/videos, kept current by the Server-Sent Events stream
// GET /api/videos/events, and by polling every 5 s whenever the stream is down.

import { api, apiJson, token } from './session.js';
import { announce, el, formatBytes } from './ui.js';
import { scrubber } from './scrub.js';

const POLL_MS = 5000;
const STATUS_TEXT = {
  QUEUED: 'Queued',
  PROCESSING: 'Extracting frames',
  SUCCEEDED: 'Ready',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

const videos = new Map();
const thumbnailsShown = new Set();
let streamAbort = null;
let pollTimer = null;
let retryTimer = null;
let stopped = true;

export function start() {
  stopped = false;
  refreshAll().catch(() => {});
  openStream();
}

export function stop() {
  stopped = true;
  streamAbort?.abort();
  clearTimeout(pollTimer);
  clearTimeout(retryTimer);
  videos.clear();
  thumbnailsShown.clear();
  document.getElementById('videos').replaceChildren();
}

/** Shows a video the page itself just created, before the stream reports it. */
export function add(video) {
  update(video);
}

async function refreshAll() {
  const page = await apiJson('/api/videos?size=50');
  for (const video of page.items) {
    update(video);
  }
  renderEmptyState();
}

function setLiveState(text) {
  document.getElementById('live-state').textContent = text;
}

async function openStream() {
  if (stopped) {
    return;
  }
  streamAbort = new AbortController();
  try {
    const bearer = await token();
    // fetch, not EventSource: EventSource cannot send the Authorization header
    const response = await fetch('/api/videos/events', {
      headers: { Authorization: `Bearer ${bearer}`, Accept: 'text/event-stream' },
      signal: streamAbort.signal,
    });
    if (!response.ok || !response.body) {
      throw new Error(`stream answered ${response.status}`);
    }
    clearTimeout(pollTimer);
    await readEvents(response.body);
  } catch (error) {
    if (stopped) {
      return;
    }
  }
  if (stopped) {
    return;
  }
  // the stream ended (timeout, network, server restart): poll until it is back
  setLiveState('Live updates paused: checking every 5 seconds.');
  document.getElementById('live-state').dataset.mode = 'polling';
  poll();
  retryTimer = setTimeout(openStream, 10_000);
}

function poll() {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(async () => {
    if (stopped || document.getElementById('live-state').dataset.mode !== 'polling') {
      return;
    }
    await refreshAll().catch(() => {});
    poll();
  }, POLL_MS);
}

async function readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      handleEvent(block);
    }
  }
}

function handleEvent(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      name = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  if (name === 'ready') {
    setLiveState('Live updates on.');
    document.getElementById('live-state').dataset.mode = 'live';
    clearTimeout(pollTimer);
    renderEmptyState();
  } else if (name === 'video' && data.length) {
    update(JSON.parse(data.join('\n')));
  }
}

function update(video) {
  const previous = videos.get(video.id);
  if (previous && new Date(previous.updatedAt) > new Date(video.updatedAt)) {
    return;
  }
  videos.set(video.id, video);
  if (previous && previous.status !== video.status) {
    announce(`${video.originalFilename || 'video'}: ${STATUS_TEXT[video.status]}`);
  }
  render(video);
  renderEmptyState();
}

function renderEmptyState() {
  const visible = [...videos.values()].filter((v) => v.status !== 'CANCELLED').length;
  document.getElementById('no-videos').hidden = visible > 0;
}

function render(video) {
  const list = document.getElementById('videos');
  let item = document.getElementById(`video-${video.id}`);
  if (video.status === 'CANCELLED') {
    item?.remove();
    return;
  }
  if (!item) {
    item = el('li', { id: `video-${video.id}`, class: 'video', 'data-video-id': video.id });
    insertSorted(list, item, video);
  }
  item.dataset.status = video.status;
  const name = video.originalFilename || 'video';
  const title = el('h3', { class: 'video-name' }, name);
  const status = el('p', { class: `status status-${video.status.toLowerCase()}` });
  status.append(el('span', { class: 'badge' }, STATUS_TEXT[video.status] || video.status));
  const facts = [formatBytes(video.sizeBytes)];
  if (video.frames != null) {
    facts.push(`${video.frames} frames`);
  }
  status.append(el('span', { class: 'facts' }, ` ${facts.join(' · ')}`));
  const parts = [title, status];

  if (video.status === 'QUEUED' || video.status === 'PROCESSING') {
    const percent = video.progressPercent ?? 0;
    const bar = el('progress', { max: '100', value: String(percent), class: 'extraction' });
    bar.setAttribute('aria-label', `Extraction of ${name}`);
    const shown = video.status === 'QUEUED' ? waitingText(video.queue) : `${percent} %`;
    const label = el('span', { class: 'percent' }, shown);
    if (video.status === 'QUEUED' && video.queue) {
      label.title = `${ordinal(video.queue.ownerPosition)} of your waiting videos, `
        + `${video.queue.queueLength} waiting in all`
        + (video.queue.estimatedStartAt ? '; the start time is an estimate from recent run times' : '');
    }
    parts.push(bar, label);
  }
  if (video.status === 'FAILED') {
    parts.push(el('p', { class: 'error reason' }, video.failureReason || 'the extraction failed'));
    parts.push(el('p', { class: 'muted no-preview' }, 'No preview: the video failed.'));
  }

  const actions = el('div', { class: 'actions' });
  if (video.status === 'SUCCEEDED') {
    const download = el('button', { type: 'button', class: 'download' }, 'Download ZIP');
    download.setAttribute('aria-label', `Download the frames of ${name}`);
    download.addEventListener('click', () => downloadZip(video));
    actions.append(download);
  }
  const finished = video.status !== 'QUEUED' && video.status !== 'PROCESSING';
  const remove = el('button', { type: 'button', class: 'secondary remove' }, finished ? 'Delete' : 'Cancel');
  remove.setAttribute('aria-label', `${finished ? 'Delete' : 'Cancel'} ${name}`);
  remove.addEventListener('click', () => removeVideo(video, finished));
  actions.append(remove);
  parts.push(actions);

  let strip = item.querySelector('.thumbnails');
  // the scrubber (with the strip in it) survives re-rendering, with its images and position
  let scrub = item.querySelector('.scrub');
  item.replaceChildren(...parts);
  if (video.status === 'SUCCEEDED') {
    if (!strip) {
      strip = el('ul', { class: 'thumbnails' });
      strip.setAttribute('aria-label', `Frames of ${name}`);
    }
    if (!scrub) {
      scrub = scrubber(video, strip);
    }
    item.append(scrub);
    if (!thumbnailsShown.has(video.id)) {
      thumbnailsShown.add(video.id);
      loadThumbnails(video, strip).catch(() => thumbnailsShown.delete(video.id));
    }
  }
}

function insertSorted(list, item, video) {
  const created = new Date(video.createdAt);
  for (const other of list.children) {
    const known = videos.get(other.dataset.videoId);
    if (known && new Date(known.createdAt) < created) {
      list.insertBefore(item, other);
      return;
    }
  }
  list.append(item);
}

async function loadThumbnails(video, strip) {
  const { items } = await apiJson(`/api/videos/${video.id}/thumbnails`);
  for (const frame of items) {
    const response = await api(frame.href);
    if (!response.ok) {
      continue;
    }
    const url = URL.createObjectURL(await response.blob());
    const at = frame.seconds == null ? `frame ${frame.index + 1}` : `${frame.seconds.toFixed(1)} s`;
    const img = el('img', { src: url, alt: `Frame at ${at}`, width: '160', loading: 'lazy' });
    strip.append(el('li', {}).appendChild(img).parentNode);
  }
}

async function downloadZip(video) {
  try {
    const link = await apiJson(`/api/videos/${video.id}/download-link`);
    // a signed, short-lived link: the browser downloads the ZIP straight from storage
    window.location.assign(link.href);
    announce(`Downloading the frames of ${video.originalFilename || 'the video'}`);
  } catch (error) {
    announce(`Download failed: ${error.message}`);
  }
}

async function removeVideo(video, finished) {
  const response = await api(`/api/videos/${video.id}`, { method: 'DELETE' });
  if (response.ok) {
    update({ ...video, status: 'CANCELLED', updatedAt: new Date().toISOString() });
    announce(`${video.originalFilename || 'Video'} ${finished ? 'deleted' : 'cancelled'}`);
    document.getElementById('videos-title').focus?.();
  } else {
    announce(`Could not ${finished ? 'delete' : 'cancel'} the video`);
  }
}

/** "waiting — 3rd in line, about 2 min": the place in the whole queue and the estimated start. */
export function waitingText(queue, now = Date.now()) {
  if (!queue) {
    return 'waiting';
  }
  let text = `waiting — ${ordinal(queue.position)} in line`;
  if (queue.estimatedStartAt) {
    const minutes = Math.max(1, Math.round((Date.parse(queue.estimatedStartAt) - now) / 60000));
    text += `, about ${minutes} min`;
  }
  return text;
}

function ordinal(n) {
  const suffixes = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return n + (suffixes[(v - 20) % 10] || suffixes[v] || suffixes[0]);
}
