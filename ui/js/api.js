// Calls to the controller's /apis/v1: Drove's envelope, errors as text, leader loss detection.

export const kNotLeaderMessage = 'This node is not the leader controller';

export class ApiError extends Error {
  constructor(message, status, details = []) {
    super(message);
    this.status = status;
    this.details = details;
  }

  // One line for the page: the message plus Drove's validation errors, if any.
  get text() {
    return this.details.length > 0 ? `${this.message}: ${this.details.join('; ')}` : this.message;
  }
}

export function isLeaderLoss(status, body) {
  return status === 400 && body !== null && typeof body === 'object' &&
      body.message === kNotLeaderMessage;
}

// Returns data for a SUCCESS envelope, throws ApiError otherwise (HTTP 200 FAILED included).
export function unwrap(status, body) {
  if (body === null || typeof body !== 'object') {
    throw new ApiError(status === 200 ? 'Response was not JSON' : `HTTP ${status}`, status);
  }
  const details =
      body.data && Array.isArray(body.data.validationErrors) ? body.data.validationErrors : [];
  if (status >= 200 && status < 300 && body.status === 'SUCCESS') return body.data;
  const message = body.message || body.error || `HTTP ${status}`;
  throw new ApiError(message, status, details);
}

let leaderLossHandler = () => {};

export function onLeaderLoss(handler) {
  leaderLossHandler = handler;
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 200 ? `${text.slice(0, 200)}...` : text;
  }
}

// raw: true returns the parsed body without Drove's envelope (the log-file APIs have none).
export async function request(method, path, {body, raw = false} = {}) {
  const init = {method, credentials: 'same-origin', headers: {Accept: 'application/json'}};
  if (method !== 'GET' && method !== 'DELETE') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    leaderLossHandler();
    throw new ApiError(`Controller unreachable: ${error.message}`, 0);
  }
  const parsed = await readBody(response);
  if (isLeaderLoss(response.status, parsed)) {
    leaderLossHandler();
    throw new ApiError(kNotLeaderMessage, 400);
  }
  if (response.status === 204) throw new ApiError('Not found (no such instance or executor)', 204);
  if (response.status === 401 || response.status === 403) {
    throw new ApiError(
        response.status === 401 ? 'Not signed in' : 'Your role may not do this', response.status);
  }
  if (raw) {
    if (!response.ok)
      throw new ApiError(parsed?.error || `HTTP ${response.status}`, response.status);
    return parsed;
  }
  return unwrap(response.status, typeof parsed === 'object' ? parsed : null);
}

export const kApi = '/apis/v1';

export function get(path, options) {
  return request('GET', kApi + path, options);
}

export function post(path, body) {
  return request('POST', kApi + path, {body});
}

// Path segment from data (ids may hold characters that mean something in a URL).
export function seg(value) {
  return encodeURIComponent(String(value));
}
