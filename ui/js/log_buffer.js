// The log viewer's window on a file: lines held between two byte offsets, capped, searchable.

const kEncoder = new TextEncoder();

function byteLength(text) {
  return kEncoder.encode(text).length;
}

// Drove writes stderr at ERROR level; our executor keeps one stream, so mark what reads as an
// error.
const kErrorPattern = /(^|[\s[|])(ERROR|FATAL|SEVERE|CRITICAL)([\]\s:|]|$)/;

export function isErrorLine(line) {
  return kErrorPattern.test(line);
}

export class LogBuffer {
  // startOffset: byte offset of lines[0]'s first character in the file.
  constructor(startOffset = 0, maxLines = 5000) {
    this.lines = [];
    this.startOffset = startOffset;
    this.endOffset = startOffset;
    this.tailOpen = false;  // the last line has not seen its newline yet
    this.maxLines = maxLines;
  }

  get atFileStart() {
    return this.startOffset <= 0;
  }

  // New bytes read at endOffset; a line cut by the previous read is continued, not split.
  append(text) {
    if (!text) return {dropped: 0};
    this.endOffset += byteLength(text);
    const parts = text.split('\n');
    const closed = parts[parts.length - 1] === '';
    if (closed) parts.pop();
    if (this.tailOpen && this.lines.length > 0 && parts.length > 0) {
      this.lines[this.lines.length - 1] += parts.shift();
    }
    this.lines.push(...parts);
    this.tailOpen = !closed;
    return {dropped: this.dropHead()};
  }

  // Older bytes that end exactly at startOffset; their last piece is the start of lines[0].
  prepend(text) {
    if (!text) return {dropped: 0};
    if (this.lines.length === 0) {
      this.startOffset -= byteLength(text);
      this.endOffset = this.startOffset;
      return this.append(text);
    }
    this.startOffset -= byteLength(text);
    const parts = text.split('\n');
    this.lines[0] = parts.pop() + this.lines[0];
    this.lines.unshift(...parts);
    return {dropped: this.dropTail()};
  }

  dropHead() {
    const excess = this.lines.length - this.maxLines;
    if (excess <= 0) return 0;
    const removed = this.lines.splice(0, excess);
    this.startOffset += removed.reduce((sum, line) => sum + byteLength(line) + 1, 0);
    return excess;
  }

  // Paging back past the cap drops the newest lines; following then re-reads them from endOffset.
  dropTail() {
    const excess = this.lines.length - this.maxLines;
    if (excess <= 0) return 0;
    const removed = this.lines.splice(this.lines.length - excess, excess);
    const lastWasOpen = this.tailOpen;
    let bytes = removed.reduce((sum, line) => sum + byteLength(line) + 1, 0);
    if (lastWasOpen) bytes -= 1;
    this.endOffset -= bytes;
    this.tailOpen = false;
    return excess;
  }

  // Indices of lines containing the query (case-insensitive); empty query matches nothing.
  search(query) {
    if (!query) return [];
    const needle = query.toLowerCase();
    const hits = [];
    this.lines.forEach((line, index) => {
      if (line.toLowerCase().includes(needle)) hits.push(index);
    });
    return hits;
  }
}

// Splits a line around case-insensitive matches: [{text, match}], for highlighting with text nodes.
export function splitMatches(line, query) {
  if (!query) return [{text: line, match: false}];
  const lower = line.toLowerCase();
  const needle = query.toLowerCase();
  const pieces = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) pieces.push({text: line.slice(from, at), match: false});
    pieces.push({text: line.slice(at, at + needle.length), match: true});
    from = at + needle.length;
  }
  if (from < line.length) pieces.push({text: line.slice(from), match: false});
  return pieces;
}
