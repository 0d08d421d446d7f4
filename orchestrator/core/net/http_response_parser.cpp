// Incremental HTTP/1.1 response parser: bounded, strict about framing, lenient about reason
// phrases.
#include "orchestrator/core/net/http_response_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace drove::core {
namespace {

constexpr size_t kMaxHeadBytes = 64 * 1024;
constexpr size_t kMaxLineBytes = 8 * 1024;
constexpr size_t kMaxHeaders = 200;
// Larger than any sane body; mainly stops overflow games with absurd lengths.
constexpr uint64_t kMaxDeclaredLength = uint64_t{1} << 50;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Parses a Content-Length value; repeated identical values ("5, 5") are tolerated (RFC 9110).
bool ParseContentLength(std::string_view value, uint64_t& out) {
  bool seen = false;
  while (true) {
    size_t comma = value.find(',');
    std::string_view part = Trim(value.substr(0, comma));
    uint64_t n = 0;
    if (part.empty() ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (ec != std::errc() || ptr != part.data() + part.size() || n > kMaxDeclaredLength) {
      return false;
    }
    if (seen && n != out) return false;
    out = n;
    seen = true;
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

bool ParseChunkSize(std::string_view line, uint64_t& out) {
  size_t end = line.find_first_of("; \t");
  std::string_view digits = line.substr(0, end);
  if (digits.empty() || digits.size() > 13) return false;  // 13 hex digits < kMaxDeclaredLength
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out, 16);
  return ec == std::errc() && ptr == digits.data() + digits.size();
}

}  // namespace

bool HttpResponseParser::TakeLine(std::string& line) {
  size_t nl = buffer_.find('\n');
  if (nl == std::string::npos) return false;
  size_t len = (nl > 0 && buffer_[nl - 1] == '\r') ? nl - 1 : nl;
  line.assign(buffer_, 0, len);
  buffer_.erase(0, nl + 1);
  return true;
}

bool HttpResponseParser::Deliver(std::string_view bytes) {
  if (bytes.empty() || !sink_) return true;
  if (!sink_(bytes)) {
    stopped_ = true;
    return false;
  }
  return true;
}

Status HttpResponseParser::ParseHead(std::string_view head) {
  head_ = HttpResponse{};
  size_t eol = head.find('\n');
  std::string_view status_line = Trim(head.substr(0, eol));
  // "HTTP/1.1 200 OK": version, three-digit code, optional reason.
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ') {
    return Status::Error("malformed HTTP status line");
  }
  std::string_view code = status_line.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    return Status::Error("malformed HTTP status code");
  }
  head_.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  if (head_.status < 100) return Status::Error("malformed HTTP status code");

  std::string last_name;
  size_t count = 0;
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 1);
    eol = head.find('\n');
    std::string_view line = head.substr(0, eol);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (++count > kMaxHeaders) return Status::Error("too many response headers");
    if (line.front() == ' ' || line.front() == '\t') {  // obsolete folding: continue the last value
      if (last_name.empty()) return Status::Error("malformed response header");
      head_.headers[last_name].append(" ").append(Trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Status::Error("malformed response header");
    }
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), IsTokenChar)) {
      return Status::Error("malformed response header name");
    }
    last_name = Lower(name);
    std::string_view value = Trim(line.substr(colon + 1));
    auto [it, inserted] = head_.headers.emplace(last_name, std::string(value));
    if (!inserted) it->second.append(", ").append(value);
  }
  return Status::Ok();
}

Status HttpResponseParser::StartBody() {
  if (head_only_ || head_.status == 204 || head_.status == 304) {
    state_ = State::kDone;
    return Status::Ok();
  }
  auto te = head_.headers.find("transfer-encoding");
  if (te != head_.headers.end()) {
    std::string value = Lower(te->second);
    std::string_view last = value;
    if (size_t comma = last.rfind(','); comma != std::string_view::npos)
      last.remove_prefix(comma + 1);
    if (Trim(last) == "chunked") {
      state_ = State::kChunkSize;
      return Status::Ok();
    }
    state_ = State::kEofBody;  // another final coding: the body runs to EOF (RFC 9112 6.3)
    return Status::Ok();
  }
  auto cl = head_.headers.find("content-length");
  if (cl != head_.headers.end()) {
    if (!ParseContentLength(cl->second, remaining_)) return Status::Error("bad Content-Length");
    state_ = remaining_ == 0 ? State::kDone : State::kLengthBody;
    return Status::Ok();
  }
  state_ = State::kEofBody;
  return Status::Ok();
}

Status HttpResponseParser::Step(bool& progressed) {
  progressed = false;
  std::string line;
  switch (state_) {
    case State::kHead: {
      size_t end = buffer_.find("\r\n\r\n");
      size_t sep = 4;
      if (size_t lf = buffer_.find("\n\n"); lf != std::string::npos && lf < end) {
        end = lf;
        sep = 2;
      }
      if (end == std::string::npos) {
        if (buffer_.size() > kMaxHeadBytes) return Status::Error("response head too large");
        return Status::Ok();
      }
      if (end > kMaxHeadBytes) return Status::Error("response head too large");
      Status st = ParseHead(std::string_view(buffer_).substr(0, end + sep));
      buffer_.erase(0, end + sep);
      if (!st.ok()) return st;
      progressed = true;
      if (head_.status < 200) return Status::Ok();  // interim (100 Continue): the real head follows
      return StartBody();
    }
    case State::kLengthBody: {
      size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, buffer_.size()));
      if (n == 0) return Status::Ok();
      remaining_ -= n;
      std::string chunk = buffer_.substr(0, n);
      buffer_.erase(0, n);
      if (remaining_ == 0) state_ = State::kDone;
      progressed = Deliver(chunk);
      return Status::Ok();
    }
    case State::kEofBody: {
      if (buffer_.empty()) return Status::Ok();
      std::string chunk;
      chunk.swap(buffer_);
      progressed = Deliver(chunk);
      return Status::Ok();
    }
    case State::kChunkSize:
      if (!TakeLine(line)) {
        if (buffer_.size() > kMaxLineBytes) return Status::Error("chunk size line too long");
        return Status::Ok();
      }
      if (!ParseChunkSize(Trim(line), remaining_)) return Status::Error("malformed chunk size");
      state_ = remaining_ == 0 ? State::kTrailers : State::kChunkData;
      progressed = true;
      return Status::Ok();
    case State::kChunkData: {
      size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, buffer_.size()));
      if (n == 0) return Status::Ok();
      remaining_ -= n;
      std::string chunk = buffer_.substr(0, n);
      buffer_.erase(0, n);
      if (remaining_ == 0) state_ = State::kChunkDataEnd;
      progressed = Deliver(chunk);
      return Status::Ok();
    }
    case State::kChunkDataEnd:
      if (!TakeLine(line)) {
        if (buffer_.size() > 2) return Status::Error("missing CRLF after chunk data");
        return Status::Ok();
      }
      if (!line.empty()) return Status::Error("missing CRLF after chunk data");
      state_ = State::kChunkSize;
      progressed = true;
      return Status::Ok();
    case State::kTrailers:
      if (!TakeLine(line)) {
        if (buffer_.size() > kMaxLineBytes) return Status::Error("trailer line too long");
        return Status::Ok();
      }
      if (line.empty()) state_ = State::kDone;  // trailers themselves are ignored
      progressed = true;
      return Status::Ok();
    case State::kDone:
      return Status::Ok();
  }
  return Status::Ok();
}

Status HttpResponseParser::Feed(std::string_view bytes) {
  if (state_ == State::kDone || stopped_) return Status::Ok();  // extra bytes after the message
  buffer_.append(bytes);
  bool progressed = true;
  while (progressed && !stopped_ && state_ != State::kDone) {
    Status st = Step(progressed);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

Status HttpResponseParser::Finish() {
  switch (state_) {
    case State::kDone:
    case State::kEofBody:
      state_ = State::kDone;
      return Status::Ok();
    case State::kHead:
      return Status::Error(buffer_.empty() ? "connection closed before a response"
                                           : "connection closed inside the response head");
    default:
      return Status::Error("connection closed before the end of the response body");
  }
}

}  // namespace drove::core
