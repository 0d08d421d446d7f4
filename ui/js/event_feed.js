// Events for one page: an events/latest load that resumes from its cursor, plus stream events.
import {get} from './api.js';
import {mergeEvents} from './events_model.js';

// keep(event) selects the page's events; at most max are kept, newest first.
export function createEventFeed(keep = () => true, max = 1000) {
  let events = [];
  let cursor = 0;
  return {
    get events() {
      return events;
    },
    add(event) {
      if (keep(event)) events = mergeEvents(events, [event], max);
    },
    // Fetches only what is newer than the last load; an error leaves the list as it was.
    async update() {
      try {
        const latest = await get(`/cluster/events/latest?size=1024&lastSyncTime=${cursor}`);
        cursor = Math.max(cursor, latest?.lastSyncTime ?? 0);
        events = mergeEvents(events, (latest?.events || []).filter(keep), max);
      } catch {
        // The page's own resource calls report API errors; events are secondary here.
      }
      return events;
    },
  };
}
