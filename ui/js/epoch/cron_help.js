// The topology form's cron help: Quartz's fields and examples (epoch-api.md section 7), and the
// live preview of the next fire times, which the server computes as the scheduler will.
import {h, replaceChildren} from '../dom.js';
import {formatTime} from '../format.js';
import {coalesce} from '../live.js';
import {kv} from '../widgets.js';
import {cronPreview} from './epoch_api.js';

const kPreviewDelayMs = 250;

export const kCronExamples = [
  ['0 0/5 * * * ?', 'every 5 minutes'],
  ['0 0 2 * * ?', 'at 02:00 every day'],
  ['0 30 9 ? * MON-FRI', 'at 09:30 on weekdays'],
  ['0 0 9-17/2 ? * *', 'every 2 hours from 09:00 to 17:00'],
  ['0 0 12 1 * ?', 'at noon on the 1st of every month'],
  ['0 0 0 L * ?', 'at midnight on the last day of every month'],
  ['0 0 10 ? * 6#3', 'at 10:00 on the third Friday of every month'],
];

function fieldList() {
  return kv([
    ['Fields', 'second minute hour day-of-month month day-of-week [year]'],
    ['Ranges', 'sec 0-59, min 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, ' +
                   'weekday 1-7 or SUN-SAT (1 = Sunday), year 1970-2099'],
    ['Syntax', '* any, a-b range, a,b list, */n or a/n every n, L last, nW nearest weekday, ' +
                   'n#k k-th weekday of the month'],
    ['Rule', 'exactly one of day-of-month and day-of-week must be ?'],
  ]);
}

// A panel for `input` (the cron field): help, examples (a click fills the field) and the next 5
// fire times, refreshed as the user types.
export function cronHelp(input) {
  const preview = h('div', {dataset: {role: 'cron-preview'}});
  let asked = 0;
  const update = coalesce(async () => {
    const expression = input.value.trim();
    const ticket = ++asked;
    if (!expression) {
      replaceChildren(preview, h('p', {className: 'message info'}, 'Type a cron expression'));
      return;
    }
    let answer;
    try {
      answer = await cronPreview(expression);
    } catch (error) {
      answer = {valid: false, error: error.message, next: []};
    }
    if (ticket !== asked) return;  // a newer expression was typed meanwhile
    replaceChildren(preview, previewOf(answer));
  }, kPreviewDelayMs);
  input.addEventListener('input', update);
  const examples = h('ul', {className: 'plain'}, kCronExamples.map(([cron, text]) => h('li', {},
      h('button', {type: 'button', className: 'copy', onclick: () => {
        input.value = cron;
        update();
      }}, cron), ` ${text}`)));
  update();
  return h('div', {className: 'cron-help'}, h('h3', {}, 'Next 5 fire times'), preview,
           h('h3', {}, 'Quartz cron'), fieldList(), h('h3', {}, 'Examples'), examples);
}

function previewOf(answer) {
  if (!answer.valid) {
    return h('p', {className: 'message error', dataset: {role: 'cron-error'}},
             `cron: ${answer.error}`);
  }
  const zone = answer.zone ? ` (server zone ${answer.zone}; shown in your local time)` : '';
  return [h('ol', {dataset: {role: 'next-fires'}},
            answer.next.map((ms) => h('li', {dataset: {ms: String(ms)}}, formatTime(ms)))),
          h('p', {className: 'muted'}, `Times are computed by drove-epoch${zone}.`)];
}
