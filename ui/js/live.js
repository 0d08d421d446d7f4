// Live updates: the controller's event stream, with 5 s polling whenever the stream is down.

export const kPollMs = 5000;
const kReconnectMs = 5000;

// Pure transitions: 'connecting' -> 'stream' on open, any -> 'polling' on error or close.
// The mode shown to the user (body.dataset.live) is 'stream' only while connected.
export function nextLiveState(state, input) {
  switch (input) {
    case 'open':
      return 'stream';
    case 'error':
    case 'closed':
    case 'unsupported':
      return 'polling';
    case 'reconnect':
      return state === 'stream' ? 'stream' : 'connecting';
    default:
      return state;
  }
}

export function shownMode(state) {
  return state === 'stream' ? 'stream' : 'polling';
}

// The least time between refreshes of a page that fetches a whole collection (apps, executors):
// under an event storm each open browser then lists 1,000 apps every 2 s, not 4 times a second.
export const kCollectionRefreshGapMs = 2000;

// Runs fn once, ms after the first of a burst of calls; the calls during the wait add nothing.
// Unlike a debounce, a steady stream of events (a busy cluster) cannot postpone the refresh
// forever. fn takes no arguments: it refetches the current state. With minGapMs, runs start at
// least that far apart: a page that fetches a whole collection (1,000 apps) then costs the
// controller one fetch per gap however many events arrive. Timers are injectable for tests.
export function coalesce(fn, ms, {minGapMs = 0, timers = globalThis} = {}) {
  let pending = false;
  let lastRun = -Infinity;
  return () => {
    if (pending) return;
    pending = true;
    const wait = Math.max(ms, lastRun + minGapMs - timers.Date.now());
    timers.setTimeout(() => {
      pending = false;
      lastRun = timers.Date.now();
      fn();
    }, wait);
  };
}

// handlers: {onEvent(event), onReset(), onMode(mode)}. Returns {stop()}.
export function startLive(handlers, url = '/apis/v1/cluster/events/stream') {
  let state = 'connecting';
  let source = null;
  let reconnectTimer = null;

  const move = (input) => {
    const before = shownMode(state);
    state = nextLiveState(state, input);
    if (shownMode(state) !== before || input === 'open') handlers.onMode(shownMode(state));
  };

  const connect = () => {
    if (typeof EventSource === 'undefined') {
      move('unsupported');
      return;
    }
    move('reconnect');
    source = new EventSource(url, {withCredentials: true});
    source.onopen = () => move('open');
    source.onerror = () => {
      move('error');
      // EventSource retries by itself unless it gave up (CLOSED); then start over later.
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        reconnectTimer = setTimeout(connect, kReconnectMs);
      }
    };
    source.onmessage = (message) => {
      try {
        handlers.onEvent(JSON.parse(message.data));
      } catch {
        // A malformed event must not stop the stream; the next poll or event catches up.
      }
    };
    source.addEventListener('reset', () => handlers.onReset());
  };

  handlers.onMode('polling');
  connect();
  return {
    stop() {
      clearTimeout(reconnectTimer);
      if (source) source.close();
    },
  };
}
