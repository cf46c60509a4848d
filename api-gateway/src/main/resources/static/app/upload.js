// Uploads: one streamed multipart request per file (options first, the file last, as the API
// reads them), with XMLHttpRequest so each file gets a progress bar while its bytes go up.

import { token, problemOf, ProblemError } from './session.js';
import { announce, el } from './ui.js';

const OPTION_FIELDS = ['fps', 'intervalSeconds', 'format', 'quality', 'maxFrames', 'width'];

/** The fields the sampling selector's one input stands for (errors about them show there). */
const MODE_FIELDS = [
  'fps', 'intervalSeconds', 'count', 'timestamps', 'keyframes', 'scene', 'sceneThreshold',
  'minIntervalSeconds',
];

/**
 * The selector's value and its input, as the API's fields: a rate, a count or a list of times is
 * the mode's own field; keyframes and scene are flags, their input an optional bound.
 */
export function modeOptions(mode, value) {
  if (mode === 'keyframes') {
    return value === '' ? { keyframes: 'true' } : { keyframes: 'true', minIntervalSeconds: value };
  }
  if (mode === 'scene') {
    return value === '' ? { scene: 'true' } : { scene: 'true', sceneThreshold: value };
  }
  return value === '' ? {} : { [mode]: value };
}

/** The extraction options from the form, as the API's field names. */
export function optionsFrom(form) {
  const options = modeOptions(form.elements.rateMode.value, form.elements.rate.value.trim());
  for (const flag of ['storyboard', 'contactSheet', 'preview']) {
    if (form.elements[flag] && form.elements[flag].checked) {
      options[flag] = 'true';
    }
  }
  options.format = form.elements.format.value;
  for (const name of ['quality', 'maxFrames', 'width']) {
    const value = form.elements[name].value.trim();
    if (value !== '') {
      options[name] = value;
    }
  }
  return options;
}

/** Shows the API's per-field messages next to the inputs they are about. */
export function showFieldErrors(form, errors) {
  for (const name of [...OPTION_FIELDS, 'rate']) {
    const input = inputFor(form, name);
    const message = document.getElementById(`${input.id}-error`);
    input.removeAttribute('aria-invalid');
    if (message) {
      message.hidden = true;
      message.textContent = '';
    }
  }
  for (const error of errors || []) {
    let field = String(error.field || '').replace(/^options\./, '');
    // "fps|count" (two modes) or "timestamps[2]": the selector's input
    if (field.split(/[|[]/).some((name) => MODE_FIELDS.includes(name))) {
      field = 'rate';
    } else if (!OPTION_FIELDS.includes(field)) {
      continue;
    }
    const input = inputFor(form, field);
    input.setAttribute('aria-invalid', 'true');
    const message = document.getElementById(`${input.id}-error`);
    if (message) {
      message.textContent = error.message;
      message.hidden = false;
    }
  }
}

function inputFor(form, field) {
  if (MODE_FIELDS.includes(field) || field === 'rate') {
    return form.elements.rate;
  }
  return form.elements[field];
}

/** Uploads one file; resolves with the created video, rejects with a ProblemError. */
export async function uploadOne(file, options, list) {
  const item = el('li', { class: 'upload' });
  const label = el('span', { class: 'upload-name' }, file.name);
  const progressId = `upload-${crypto.randomUUID()}`;
  const bar = el('progress', { id: progressId, max: '100', value: '0' });
  const text = el('span', { class: 'upload-state' }, 'Starting…');
  bar.setAttribute('aria-label', `Upload of ${file.name}`);
  item.append(label, bar, text);
  list.prepend(item);

  const body = new FormData();
  for (const [name, value] of Object.entries(options)) {
    body.append(name, value);
  }
  body.append('file', file, file.name);

  const bearer = await token();
  try {
    const video = await new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/videos');
      xhr.setRequestHeader('Authorization', `Bearer ${bearer}`);
      xhr.responseType = 'json';
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) {
          const percent = Math.floor((event.loaded / event.total) * 100);
          bar.value = percent;
          text.textContent = `${percent} % sent`;
        }
      };
      xhr.onload = () => {
        if (xhr.status === 202) {
          resolve(xhr.response.videos[0]);
        } else {
          const problem =
            xhr.response && typeof xhr.response === 'object'
              ? xhr.response
              : { status: xhr.status, detail: `the server answered ${xhr.status}` };
          reject(new ProblemError(problem));
        }
      };
      xhr.onerror = () =>
        reject(new ProblemError({ detail: 'the connection broke off during the upload' }));
      xhr.send(body);
    });
    bar.value = 100;
    text.textContent = 'Uploaded: queued for extraction';
    item.classList.add('done');
    announce(`${file.name} uploaded`);
    setTimeout(() => item.remove(), 4000);
    return video;
  } catch (error) {
    item.classList.add('refused');
    bar.remove();
    const problem = error.problem || { detail: error.message };
    text.textContent = `Refused: ${problem.detail}`;
    text.setAttribute('role', 'alert');
    if (problem.errors) {
      const details = el('ul', { class: 'problem-fields' });
      for (const fieldError of problem.errors) {
        details.append(el('li', {}, `${fieldError.field}: ${fieldError.message}`));
      }
      item.append(details);
    }
    throw error;
  }
}

export { problemOf };
