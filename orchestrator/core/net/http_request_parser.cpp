// HttpRequestParser: RFC 9112 request syntax, strictly (no obs-fold, no bare CR, no request
// smuggling through Content-Length beside Transfer-Encoding), leniently only about bare LF.
#include "orchestrator/core/net/http_request_parser.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace drove::core {
namespace {

// A chunk-size line with extensions is small; anything longer is an attack or a broken client.
constexpr size_t kMaxChunkLine = 1024;

bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) != 0 || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return c != '\0' && IsTokenChar(static_cast<unsigned char>(c));
  });
}

// Field values: visible ASCII, space, tab and obs-text; no CR, LF, NUL or other controls.
bool IsFieldValue(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  });
}

bool IsTargetChar(unsigned char c) { return c > 0x20 && c != 0x7f; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool NameIs(std::string_view name, std::string_view wanted) { return Lower(name) == wanted; }

// Comma-separated list items, trimmed and lower-cased; empty items dropped.
std::vector<std::string> ListItems(std::string_view value) {
  std::vector<std::string> items;
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = Trim(value.substr(0, comma));
    if (!item.empty()) items.push_back(Lower(item));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return items;
}

std::optional<uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;  // 18 digits cannot overflow
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

std::optional<uint64_t> ParseHex(std::string_view text) {
  if (text.empty() || text.size() > 15) return std::nullopt;  // 15 hex digits cannot overflow
  uint64_t value = 0;
  for (char c : text) {
    int digit = std::isxdigit(static_cast<unsigned char>(c)) == 0 ? -1
                : c <= '9'                                        ? c - '0'
                                                                  : (c | 0x20) - 'a' + 10;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<uint64_t>(digit);
  }
  return value;
}

// "http://host:1/a?b" -> "/a?b"; an origin-form or "*" target is kept; anything else is nullopt.
std::optional<std::string> OriginForm(std::string_view target) {
  if (target.front() == '/' || target == "*") return std::string(target);
  std::string lowered = Lower(target.substr(0, std::min<size_t>(target.size(), 8)));
  size_t scheme = lowered.rfind("http://", 0) == 0 ? 7 : lowered.rfind("https://", 0) == 0 ? 8 : 0;
  if (scheme == 0) return std::nullopt;
  size_t path = target.find_first_of("/?", scheme);
  if (path == std::string_view::npos) return std::string("/");
  std::string out(target.substr(path));
  if (out.front() == '?') out.insert(out.begin(), '/');
  return out;
}

}  // namespace

size_t HttpRequestParser::Feed(std::string_view data) {
  size_t used = 0;
  while (used < data.size()) {
    if (state_ == State::kHead) {
      used += FeedHead(data.substr(used));
    } else if (state_ == State::kBody) {
      used += FeedBody(data.substr(used));
    } else {
      break;
    }
  }
  return used;
}

void HttpRequestParser::Reset() {
  state_ = State::kHead;
  head_ = HttpRequestHead{};
  request_line_seen_ = false;
  head_bytes_ = 0;
  line_.clear();
  body_.clear();
  max_body_bytes_ = 0;
  remaining_ = 0;
  chunk_state_ = ChunkState::kSize;
  error_status_ = 0;
  error_message_.clear();
}

void HttpRequestParser::Fail(int status, std::string message) {
  state_ = State::kError;
  error_status_ = status;
  error_message_ = std::move(message);
}

size_t HttpRequestParser::TakeLine(std::string_view data, size_t room, int status,
                                   const std::string& why, bool* complete) {
  *complete = false;
  size_t lf = data.find('\n');
  size_t n = lf == std::string_view::npos ? data.size() : lf + 1;
  if (n > room) {
    Fail(status, why);
    return n;
  }
  line_.append(data.substr(0, n));
  if (lf == std::string_view::npos) return n;
  line_.pop_back();
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  *complete = true;
  return n;
}

size_t HttpRequestParser::FeedHead(std::string_view data) {
  bool complete = false;
  size_t n = TakeLine(data, max_header_bytes_ - head_bytes_, 431,
                      "request header larger than " + std::to_string(max_header_bytes_) + " bytes",
                      &complete);
  head_bytes_ += n;
  if (!complete) return n;
  std::string line = std::move(line_);
  line_.clear();
  if (!request_line_seen_) {
    if (!line.empty()) ParseRequestLine(line);  // blank lines before a request are ignored
  } else if (line.empty()) {
    FinishHead();
  } else {
    ParseHeaderLine(line);
  }
  return n;
}

void HttpRequestParser::ParseRequestLine(std::string_view line) {
  request_line_seen_ = true;
  size_t first = line.find(' ');
  size_t second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos) {
    return Fail(400, "malformed request line");
  }
  std::string_view method = line.substr(0, first);
  std::string_view target = line.substr(first + 1, second - first - 1);
  std::string_view version = line.substr(second + 1);
  if (!IsToken(method)) return Fail(400, "malformed request method");
  bool target_ok = !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
    return IsTargetChar(static_cast<unsigned char>(c));
  });
  std::optional<std::string> origin = target_ok ? OriginForm(target) : std::nullopt;
  if (!origin) return Fail(400, "malformed request target");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      std::isdigit(static_cast<unsigned char>(version[5])) == 0 ||
      std::isdigit(static_cast<unsigned char>(version[7])) == 0) {
    return Fail(400, "malformed HTTP version");
  }
  if (version[5] != '1' || version[7] > '1') {
    return Fail(505, "HTTP version " + std::string(version.substr(5)) + " is not supported");
  }
  head_.method = std::string(method);
  head_.target = std::move(*origin);
  head_.minor_version = version[7] - '0';
}

void HttpRequestParser::ParseHeaderLine(std::string_view line) {
  if (line.front() == ' ' || line.front() == '\t') {
    return Fail(400, "folded header lines are not accepted");
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
    return Fail(400, "malformed header line");
  }
  std::string_view value = Trim(line.substr(colon + 1));
  if (!IsFieldValue(value)) return Fail(400, "invalid character in header value");
  head_.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
}

void HttpRequestParser::FinishHead() {
  ReadFramingHeaders();
  if (state_ == State::kError) return;
  ReadConnectionHeaders();
  if (state_ == State::kError) return;
  state_ = State::kHeadDone;
}

void HttpRequestParser::ReadFramingHeaders() {
  bool has_transfer_encoding = false;
  for (const auto& [name, value] : head_.headers) {
    if (NameIs(name, "content-length")) {
      // A list of equal values ("5, 5") is one length; anything else could smuggle a request.
      for (const std::string& item : ListItems(value)) {
        auto length = ParseDecimal(item);
        if (!length || (head_.content_length && *head_.content_length != *length)) {
          return Fail(400, "invalid Content-Length");
        }
        head_.content_length = length;
      }
      if (!head_.content_length) return Fail(400, "invalid Content-Length");
    } else if (NameIs(name, "transfer-encoding")) {
      if (has_transfer_encoding || ListItems(value) != std::vector<std::string>{"chunked"}) {
        return Fail(501, "Transfer-Encoding other than chunked is not supported");
      }
      has_transfer_encoding = true;
    }
  }
  if (has_transfer_encoding && head_.content_length) {
    return Fail(400, "both Content-Length and Transfer-Encoding");
  }
  head_.chunked = has_transfer_encoding;
}

void HttpRequestParser::ReadConnectionHeaders() {
  head_.keep_alive = head_.minor_version >= 1;
  for (const auto& [name, value] : head_.headers) {
    if (NameIs(name, "connection")) {
      for (const std::string& item : ListItems(value)) {
        if (item == "close") head_.keep_alive = false;
        if (item == "keep-alive" && head_.minor_version == 0) head_.keep_alive = true;
      }
    } else if (NameIs(name, "expect")) {
      if (Lower(value) != "100-continue") return Fail(417, "unsupported expectation " + value);
      head_.expect_continue = head_.minor_version >= 1;
    }
  }
}

void HttpRequestParser::BeginBody(size_t max_body_bytes) {
  if (state_ != State::kHeadDone) return;
  max_body_bytes_ = max_body_bytes;
  std::string too_large = "request body larger than " + std::to_string(max_body_bytes) + " bytes";
  if (head_.chunked) {
    state_ = State::kBody;
    chunk_state_ = ChunkState::kSize;
  } else if (head_.content_length.value_or(0) > max_body_bytes) {
    Fail(413, too_large);
  } else if (head_.content_length.value_or(0) > 0) {
    remaining_ = *head_.content_length;
    state_ = State::kBody;
  } else {
    state_ = State::kDone;
  }
}

size_t HttpRequestParser::FeedBody(std::string_view data) {
  if (head_.chunked) return FeedChunked(data);
  size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size()));
  body_.append(data.substr(0, n));
  remaining_ -= n;
  if (remaining_ == 0) state_ = State::kDone;
  return n;
}

size_t HttpRequestParser::FeedChunked(std::string_view data) {
  bool complete = false;
  size_t n = 0;
  switch (chunk_state_) {
    case ChunkState::kData:
      n = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size()));
      body_.append(data.substr(0, n));
      remaining_ -= n;
      if (remaining_ == 0) chunk_state_ = ChunkState::kDataEnd;
      return n;
    case ChunkState::kSize:
      n = TakeLine(data, kMaxChunkLine - line_.size(), 400, "chunk size line too long", &complete);
      if (complete) StartChunk(line_);
      break;
    case ChunkState::kDataEnd:
      n = TakeLine(data, 2 - line_.size(), 400, "chunk not followed by CRLF", &complete);
      if (complete && !line_.empty()) Fail(400, "chunk not followed by CRLF");
      if (complete) chunk_state_ = ChunkState::kSize;
      break;
    case ChunkState::kTrailer:
      // Trailers are read and dropped; together they are held to the header limit.
      n = TakeLine(data, max_header_bytes_ - head_bytes_, 431,
                   "request trailers larger than " + std::to_string(max_header_bytes_) + " bytes",
                   &complete);
      head_bytes_ += n;
      if (complete && line_.empty()) state_ = State::kDone;
      break;
  }
  if (complete) line_.clear();
  return n;
}

void HttpRequestParser::StartChunk(std::string_view size_line) {
  std::string_view digits = Trim(size_line.substr(0, size_line.find(';')));
  auto size = ParseHex(digits);
  if (!size) return Fail(400, "malformed chunk size");
  if (*size == 0) {
    chunk_state_ = ChunkState::kTrailer;
    head_bytes_ = 0;
    return;
  }
  if (*size > max_body_bytes_ - body_.size()) {
    return Fail(413, "request body larger than " + std::to_string(max_body_bytes_) + " bytes");
  }
  remaining_ = *size;
  chunk_state_ = ChunkState::kData;
}

}  // namespace drove::core
