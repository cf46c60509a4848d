// Small DOM helpers: elements built with textContent (never innerHTML), and one live region.

export function el(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

let announceTimer;

/** Reads a short message to screen readers (the page's polite live region). */
export function announce(message) {
  const region = document.getElementById('announcer');
  clearTimeout(announceTimer);
  region.textContent = '';
  // a fresh text node after a tick makes screen readers speak repeated messages too
  announceTimer = setTimeout(() => {
    region.textContent = message;
  }, 50);
}

export function show(id, visible) {
  document.getElementById(id).hidden = !visible;
}

export function formatBytes(bytes) {
  if (bytes == null) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
