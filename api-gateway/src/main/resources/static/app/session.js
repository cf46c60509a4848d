// The browser session. The refresh token lives in an HttpOnly cookie this script never sees; the
// short-lived access token lives in this module's memory only (never localStorage), so a reload
// gets a new one from POST /api/session/refresh.

let accessToken = null;
let expiresAt = 0;
let user = null;
let refreshTimer = null;
let onSignedOut = () => {};

export function currentUser() {
  return user;
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/** Problem JSON (RFC 9457) from a failed response, or a generic one. */
export async function problemOf(response) {
  try {
    const body = await response.json();
    if (body && (body.detail || body.title)) {
      return body;
    }
  } catch (e) {
    // not JSON
  }
  return { status: response.status, detail: `the server answered ${response.status}` };
}

export class ProblemError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'request failed');
    this.problem = problem;
  }
}

function accept(body) {
  accessToken = body.accessToken;
  expiresAt = Date.now() + body.expiresIn * 1000;
  user = body.user;
  clearTimeout(refreshTimer);
  // renew a minute before the access token runs out, so streams and uploads keep working
  const inMs = Math.max(5_000, body.expiresIn * 1000 - 60_000);
  refreshTimer = setTimeout(() => refresh().catch(() => {}), inMs);
}

function forget() {
  accessToken = null;
  expiresAt = 0;
  user = null;
  clearTimeout(refreshTimer);
}

async function sessionRequest(path, method, body) {
  return fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
}

export async function signIn(email, password) {
  const response = await sessionRequest('/api/session', 'POST', { email, password });
  if (!response.ok) {
    throw new ProblemError(await problemOf(response));
  }
  accept(await response.json());
  return user;
}

export async function register(name, email, password) {
  const response = await fetch('/api/auth/register', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, email, password }),
  });
  if (!response.ok) {
    throw new ProblemError(await problemOf(response));
  }
  return signIn(email, password);
}

/**
 * Spends the cookie's refresh token for a new access token. Tabs take turns (Web Locks): each
 * token works once, and the next tab must send the cookie the previous refresh set.
 */
export async function refresh() {
  const run = async () => {
    const response = await sessionRequest('/api/session/refresh', 'POST');
    if (!response.ok) {
      forget();
      return null;
    }
    accept(await response.json());
    return user;
  };
  if (navigator.locks && navigator.locks.request) {
    return navigator.locks.request('frameflow-session-refresh', run);
  }
  return run();
}

export async function signOut() {
  await sessionRequest('/api/session', 'DELETE').catch(() => {});
  forget();
  onSignedOut();
}

/** A valid access token, refreshed when it is about to run out; null when signed out. */
export async function token() {
  if (!accessToken || Date.now() > expiresAt - 15_000) {
    await refresh();
  }
  return accessToken;
}

/** fetch() for the JSON API with the bearer token; one refresh and retry on 401. */
export async function api(path, options = {}) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const bearer = await token();
    if (!bearer) {
      onSignedOut();
      throw new ProblemError({ status: 401, detail: 'you are signed out' });
    }
    const headers = { ...(options.headers || {}), Authorization: `Bearer ${bearer}` };
    const response = await fetch(path, { ...options, headers });
    if (response.status !== 401 || attempt === 1) {
      return response;
    }
    accessToken = null;
  }
  throw new Error('unreachable');
}

export async function apiJson(path, options = {}) {
  const response = await api(path, options);
  if (!response.ok) {
    throw new ProblemError(await problemOf(response));
  }
  return response.status === 204 ? null : response.json();
}

async function accountRequest(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new ProblemError(await problemOf(response));
  }
  return response.status === 204 ? null : response.json();
}

/** Asks for a reset link by email; the answer is the same whether or not the address has an account. */
export async function requestPasswordReset(email) {
  return accountRequest('/api/auth/password-reset', { email });
}

/** Spends a mailed reset token (once); the server then signs the account out everywhere. */
export async function resetPassword(resetToken, password) {
  await accountRequest('/api/auth/password-reset/confirm', { token: resetToken, password });
  forget();
}
