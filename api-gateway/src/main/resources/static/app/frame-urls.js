// The image URL of a video's frame, as the page asks for it, and how the page writes a time.

/** The frame URL's time for a position: a percentage of the video ("37.5%"). */
export function timeAt(percent) {
  return `${percent}%`;
}

export function frameUrl(videoId, time, width) {
  const query = new URLSearchParams({ time });
  if (width) {
    query.set('width', String(width));
  }
  return `/api/videos/${videoId}/frame.jpg?${query}`;
}

/** "1:23.400" for 83.4 seconds. */
export function formatTime(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = (seconds - minutes * 60).toFixed(3).padStart(6, '0');
  return `${minutes}:${rest}`;
}
