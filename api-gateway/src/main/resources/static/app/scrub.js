// The scrubbing preview of a finished video: hovering or dragging (mouse, pen or touch) across its
// strip shows the frame at that moment, from the video's storyboard when it was extracted with one
// (its WebVTT index and sprites: no request per position), else from the image URL
// GET /api/videos/{id}/frame.jpg?time=…&width=… with at most one request in flight per strip, the
// latest position winning. Clicking (or Enter) opens the frame full size (frame-dialog.js).
//
// Images come through fetch with the bearer token and are shown as blob: URLs. An <img src> cannot
// send the token, and only fetch can read the frame's own time (X-Frame-Time); a signed URL per
// position would cost a second request each and scatter shareable links through the page, so
// signed URLs are asked only when the user wants one to copy.

import { api, problemOf } from './session.js';
import { el } from './ui.js';
import { openFrame } from './frame-dialog.js';
import { formatTime, frameUrl, timeAt } from './frame-urls.js';

const PREVIEW_WIDTH = 320;
// positions snap to half a percent of the video: 200 distinct URLs, which caches can serve again
const STEP_PERCENT = 0.5;
const LAST_PERCENT = 100 - STEP_PERCENT;
const KEY_STEPS = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1, PageDown: -10, PageUp: 10 };

/** Wraps a video's thumbnail strip in a scrubber; returns the element to put in the row. */
export function scrubber(video, strip) {
  const name = video.originalFilename || 'video';
  const box = el('div', {
    class: 'scrubber',
    tabindex: '0',
    role: 'slider',
    'aria-label': `Preview the frames of ${name}`,
    'aria-valuemin': '0',
    'aria-valuemax': '100',
    'aria-valuenow': '0',
    'aria-valuetext': 'start',
    'aria-keyshortcuts': 'ArrowLeft ArrowRight Enter',
    'data-source': video.options?.storyboard ? 'storyboard' : 'frame',
  });
  const marker = el('div', { class: 'scrub-marker', hidden: true });
  const image = el('img', { class: 'scrub-image', alt: '', width: String(PREVIEW_WIDTH) });
  const tile = el('canvas', { class: 'scrub-tile', hidden: true });
  const caption = el('figcaption', { class: 'scrub-time' }, '');
  const preview = el('figure', { class: 'scrub-preview', hidden: true, 'aria-hidden': 'true' });
  preview.append(image, tile, caption);
  box.append(strip, marker, preview);
  const hint = el('p', { class: 'hint scrub-hint' },
    'Hover or drag across the frames to preview them; click one to open it full size.');

  const state = {
    video, box, marker, preview, image, tile, caption,
    percent: 0, wanted: null, shown: null, inFlight: false, objectUrl: null, notBefore: 0,
    board: null,
  };

  const move = (percent) => {
    state.percent = percent;
    box.setAttribute('aria-valuenow', String(percent));
    box.setAttribute('aria-valuetext', `${percent} % of the video`);
    place(state, percent);
    show(state, percent);
  };
  box.addEventListener('pointermove', (event) => move(percentAt(box, event.clientX)));
  box.addEventListener('pointerdown', (event) => {
    // a finger keeps the strip while it drags along it (pan-y leaves vertical scrolling alone)
    if (event.pointerType !== 'mouse') {
      box.setPointerCapture?.(event.pointerId);
    }
    move(percentAt(box, event.clientX));
  });
  box.addEventListener('pointerleave', () => {
    if (document.activeElement !== box) {
      hide(state);
    }
  });
  box.addEventListener('click', (event) => {
    const percent = event.detail === 0 ? state.percent : percentAt(box, event.clientX);
    move(percent);
    openFrame(video, timeAt(percent), box);
  });
  box.addEventListener('focus', () => move(state.percent));
  box.addEventListener('blur', () => hide(state));
  box.addEventListener('keydown', (event) => {
    if (KEY_STEPS[event.key]) {
      event.preventDefault();
      move(clamp(state.percent + KEY_STEPS[event.key] * 1, 0, LAST_PERCENT));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      move(event.key === 'Home' ? 0 : LAST_PERCENT);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openFrame(video, timeAt(state.percent), box);
    }
  });

  const wrapper = el('div', { class: 'scrub' });
  wrapper.append(box, hint);
  return wrapper;
}

function percentAt(box, clientX) {
  const rect = box.getBoundingClientRect();
  const fraction = rect.width > 0 ? (clientX - rect.left) / rect.width : 0;
  return clamp(Math.round((fraction * 100) / STEP_PERCENT) * STEP_PERCENT, 0, LAST_PERCENT);
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

/** The marker at the position, the preview above it (kept inside the strip's width). */
function place(state, percent) {
  const width = state.box.clientWidth;
  const x = (percent / 100) * width;
  state.marker.hidden = false;
  state.marker.style.left = `${x}px`;
  state.preview.hidden = false;
  const previewWidth = state.preview.offsetWidth;
  state.preview.style.left = `${clamp(x - previewWidth / 2, 0, Math.max(0, width - previewWidth))}px`;
}

function hide(state) {
  state.marker.hidden = true;
  state.preview.hidden = true;
}

function show(state, percent) {
  if (state.box.dataset.source === 'storyboard') {
    showTile(state, percent).catch(() => {
      // no usable storyboard after all: the image URL serves every video
      state.box.dataset.source = 'frame';
      show(state, percent);
    });
    return;
  }
  state.wanted = percent;
  pump(state);
}

// --- from the image URL: one request in flight, the latest position wins ---

async function pump(state) {
  if (state.inFlight || state.wanted === null || state.wanted === state.shown) {
    return;
  }
  const wait = state.notBefore - Date.now();
  if (wait > 0) {
    setTimeout(() => pump(state), wait);
    return;
  }
  const percent = state.wanted;
  const time = timeAt(percent);
  state.inFlight = true;
  state.preview.dataset.loading = 'true';
  try {
    const response = await api(frameUrl(state.video.id, time, PREVIEW_WIDTH));
    if (response.ok) {
      const url = URL.createObjectURL(await response.blob());
      await decoded(state.image, url);
      if (state.objectUrl) {
        URL.revokeObjectURL(state.objectUrl);
      }
      state.objectUrl = url;
      const frameTime = response.headers.get('X-Frame-Time');
      state.image.hidden = false;
      state.tile.hidden = true;
      state.preview.dataset.time = time;
      state.preview.dataset.frameTime = frameTime || '';
      state.caption.textContent = frameTime ? formatTime(Number(frameTime)) : `${percent} %`;
      state.shown = percent;
    } else {
      const problem = await problemOf(response);
      state.caption.textContent = problem.detail || 'no preview';
      const retryAfter = Number(response.headers.get('Retry-After'));
      if (response.status === 429 || response.status === 503) {
        // busy: ask again (for wherever the pointer is by then) once the server says so
        state.notBefore = Date.now() + (retryAfter > 0 ? retryAfter * 1000 : 1000);
        state.shown = null;
      } else {
        state.shown = percent;
      }
    }
  } catch (error) {
    state.caption.textContent = 'Preview unavailable';
    state.shown = percent;
  } finally {
    state.inFlight = false;
    delete state.preview.dataset.loading;
  }
  pump(state);
}

function decoded(image, url) {
  image.src = url;
  return image.decode().catch(() => {});
}

// --- from the storyboard: its index once, each sprite once, then no request per position ---

async function showTile(state, percent) {
  state.board ??= loadBoard(state.video.id);
  const board = await state.board;
  const seconds = (percent / 100) * board.duration;
  const cue = board.cues.find((c) => seconds >= c.start && seconds < c.end)
    ?? board.cues[board.cues.length - 1];
  const sprite = await board.sprite(cue.sprite);
  if (state.percent !== percent) {
    return; // the pointer moved on while the sprite arrived
  }
  const canvas = state.tile;
  canvas.width = cue.w;
  canvas.height = cue.h;
  canvas.getContext('2d').drawImage(sprite, cue.x, cue.y, cue.w, cue.h, 0, 0, cue.w, cue.h);
  canvas.hidden = false;
  state.image.hidden = true;
  state.preview.dataset.time = timeAt(percent);
  state.preview.dataset.seconds = seconds.toFixed(3);
  state.preview.dataset.cueStart = String(cue.start);
  state.preview.dataset.cueEnd = String(cue.end);
  state.caption.textContent = formatTime(seconds);
}

async function loadBoard(videoId) {
  const base = `/api/videos/${videoId}/storyboard/`;
  const response = await api(`${base}storyboard.vtt`);
  if (!response.ok) {
    throw new Error(`storyboard answered ${response.status}`);
  }
  const cues = parseVtt(await response.text());
  if (!cues.length) {
    throw new Error('empty storyboard');
  }
  const sprites = new Map();
  return {
    cues,
    duration: cues[cues.length - 1].end,
    sprite(name) {
      if (!sprites.has(name)) {
        sprites.set(name, loadSprite(base, name));
      }
      return sprites.get(name);
    },
  };
}

async function loadSprite(base, name) {
  const response = await api(base + encodeURIComponent(name));
  if (!response.ok) {
    throw new Error(`sprite answered ${response.status}`);
  }
  return createImageBitmap(await response.blob());
}

/** The cues of a storyboard's WebVTT: time range and the tile's place ("sprite.jpg#xywh=…"). */
export function parseVtt(text) {
  const cues = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const range = lines[i].match(/^([\d:.]+)\s+-->\s+([\d:.]+)/);
    const target = range && (lines[i + 1] || '').match(/^([^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+)$/);
    if (target) {
      cues.push({
        start: vttSeconds(range[1]),
        end: vttSeconds(range[2]),
        sprite: target[1],
        x: Number(target[2]),
        y: Number(target[3]),
        w: Number(target[4]),
        h: Number(target[5]),
      });
    }
  }
  return cues;
}

function vttSeconds(stamp) {
  return stamp.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}
