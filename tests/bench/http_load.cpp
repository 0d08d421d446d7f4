// bench_http_load: a closed-loop HTTP/1.1 load generator over keep-alive connections, plain or TLS,
// a TLS handshake timer and server-sent-event readers. Written for the `tls` and `ui` benchmarks:
// Python clients would be the bottleneck (or, as load, take the CPU the server is measured on),
// and curl/ab are not what an executor or the CLI does (one connection, many requests).
//
//   bench_http_load load URL SECONDS CONNECTIONS [options]  ->
//   {"requests","rps","errors","bad_status","latency_ms_p50","latency_ms_p99"}
//   bench_http_load handshakes URL COUNT [options] ->
//   {"handshakes","handshake_ms_p50","handshake_ms_p99"} bench_http_load stream URL SECONDS CLIENTS
//   [options]    -> {"clients","events","min_events",
//       "max_events","delivery_ms_p50","delivery_ms_p99"}: each client reads the event stream at
//       URL; delivery = this machine's wall clock at arrival - the event's "time" (ms)
// options: --ca FILE  --method M  --header 'Name: value' (repeatable)  --body-file FILE
//          --source ADDR (the local IPv4 address to connect from: servers count clients by address)
//          --pause SECONDS (load: each connection waits this long after each response)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  bool tls = false;
  std::string host;
  int port = 0;
  std::string path = "/";
  std::string ca_file;
  std::string source;
  std::string method = "GET";
  std::vector<std::string> headers;
  std::string body;
  double pause_seconds = 0;
};

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "bench_http_load: " << message << "\n";
  std::exit(2);
}

void ParseUrl(const std::string& url, Options* options) {
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    options->tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else {
    Die("URL must start with http:// or https://: " + url);
  }
  size_t slash = rest.find('/');
  options->path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string authority = rest.substr(0, slash);
  size_t colon = authority.rfind(':');
  if (colon == std::string::npos) Die("URL needs host:port: " + url);
  options->host = authority.substr(0, colon);
  options->port = std::stoi(authority.substr(colon + 1));
}

void ParseFlags(int argc, char** argv, int first, Options* options) {
  for (int i = first; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) Die("missing value after " + flag);
    std::string value = argv[++i];
    if (flag == "--ca") {
      options->ca_file = value;
    } else if (flag == "--source") {
      options->source = value;
    } else if (flag == "--method") {
      options->method = value;
    } else if (flag == "--header") {
      options->headers.push_back(value);
    } else if (flag == "--pause") {
      options->pause_seconds = std::atof(value.c_str());
    } else if (flag == "--body-file") {
      std::ifstream in(value, std::ios::binary);
      if (!in) Die("cannot read " + value);
      std::stringstream text;
      text << in.rdbuf();
      options->body = text.str();
    } else {
      Die("unknown option " + flag);
    }
  }
}

SSL_CTX* ClientContext(const Options& options) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (!options.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(ctx, options.ca_file.c_str(), nullptr) != 1) {
      Die("cannot load CA " + options.ca_file);
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  }
  // No session cache: every handshake is a full one, as a fresh client's would be.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  return ctx;
}

// One blocking connection; TLS when ssl_ctx is set.
class Connection {
 public:
  Connection(const Options& options, SSL_CTX* ssl_ctx) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(options.port));
    if (inet_pton(AF_INET, options.host.c_str(), &addr.sin_addr) != 1) Die("host must be IPv4");
    if (!options.source.empty()) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      if (inet_pton(AF_INET, options.source.c_str(), &local.sin_addr) != 1 ||
          ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0) {
        Die("cannot bind source address " + options.source);
      }
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return;
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (ssl_ctx == nullptr) {
      ok_ = true;
      return;
    }
    ssl_ = SSL_new(ssl_ctx);
    SSL_set_fd(ssl_, fd_);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), options.host.c_str());
    ok_ = SSL_connect(ssl_) == 1;
    if (!ok_) ERR_print_errors_fp(stderr);
  }
  ~Connection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return ok_; }

  // Reads what arrives next (at most 16 KB); false when the connection ended.
  bool ReadSome(std::string* out) {
    char chunk[16384];
    long n =
        ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof(chunk)) : ::read(fd_, chunk, sizeof(chunk));
    if (n <= 0) return false;
    out->append(chunk, size_t(n));
    return true;
  }

  bool Write(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      long n = ssl_ != nullptr ? SSL_write(ssl_, bytes.data() + done, int(bytes.size() - done))
                               : ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) return false;
      done += size_t(n);
    }
    return true;
  }

  // Reads one response (the server always sends Content-Length); returns its status or -1.
  int ReadResponse() {
    while (true) {
      size_t head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        int status = std::atoi(buffer_.c_str() + 9);
        size_t length = 0;
        std::string head = buffer_.substr(0, head_end);
        std::transform(head.begin(), head.end(), head.begin(), ::tolower);
        size_t at = head.find("content-length:");
        if (at != std::string::npos) length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
        if (buffer_.size() >= head_end + 4 + length) {
          buffer_.erase(0, head_end + 4 + length);
          return status;
        }
      }
      char chunk[16384];
      long n = ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof(chunk))
                               : ::read(fd_, chunk, sizeof(chunk));
      if (n <= 0) return -1;
      buffer_.append(chunk, size_t(n));
    }
  }

 private:
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool ok_ = false;
  std::string buffer_;
};

std::string RequestBytes(const Options& options) {
  std::string request =
      options.method + " " + options.path + " HTTP/1.1\r\nHost: " + options.host + "\r\n";
  for (const std::string& header : options.headers) request += header + "\r\n";
  if (!options.body.empty() || options.method == "POST" || options.method == "PUT") {
    request += "Content-Length: " + std::to_string(options.body.size()) + "\r\n";
  }
  return request + "\r\n" + options.body;
}

// The q-quantile of `values` (sorted here); 0 when empty.
double Quantile(std::vector<double>* values, double q) {
  if (values->empty()) return 0.0;
  std::sort(values->begin(), values->end());
  return (*values)[std::min(values->size() - 1, size_t(q * double(values->size())))];
}

int RunLoad(const Options& options, double seconds, int connections) {
  SSL_CTX* ctx = options.tls ? ClientContext(options) : nullptr;
  const std::string request = RequestBytes(options);
  std::atomic<long> requests{0}, errors{0}, bad_status{0};
  std::atomic<bool> stop{false};
  std::mutex latencies_mu;
  std::vector<double> latencies;  // ms, every answered request
  std::vector<std::thread> threads;
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&] {
      auto connection = std::make_unique<Connection>(options, ctx);
      std::vector<double> mine;
      while (!stop.load(std::memory_order_relaxed)) {
        auto sent = Clock::now();
        int status =
            connection->ok() && connection->Write(request) ? connection->ReadResponse() : -1;
        if (status < 0) {
          ++errors;  // reconnect: the server may close (limits, timeouts)
          connection = std::make_unique<Connection>(options, ctx);
          continue;
        }
        if (status >= 300) ++bad_status;
        ++requests;
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (options.pause_seconds > 0) {
          std::this_thread::sleep_for(std::chrono::duration<double>(options.pause_seconds));
        }
      }
      std::lock_guard lock(latencies_mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& thread : threads) thread.join();
  std::printf(
      "{\"requests\": %ld, \"rps\": %.1f, \"errors\": %ld, \"bad_status\": %ld, "
      "\"latency_ms_p50\": %.3f, \"latency_ms_p99\": %.3f}\n",
      requests.load(), double(requests.load()) / elapsed, errors.load(), bad_status.load(),
      Quantile(&latencies, 0.50), Quantile(&latencies, 0.99));
  return 0;
}

// Milliseconds since the epoch: the clock the controller stamps events with.
double WallMillis() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One stream reader: every complete line `data: {...}` holding `"time":N` is one event.
// The server sends each event as one chunk, so chunk framing never splits a data line.
// The readers' figures; `closed` once the totals are taken (readers still blocked then add none).
struct Deliveries {
  std::mutex mu;
  bool closed = false;
  std::vector<std::vector<double>> by_client;
};

void ReadStream(const Options& options, SSL_CTX* ctx, const std::atomic<bool>& stop,
                Deliveries* deliveries, size_t client) {
  Connection connection(options, ctx);
  if (!connection.ok() || !connection.Write(RequestBytes(options))) Die("stream: cannot connect");
  std::string buffer;
  while (!stop.load(std::memory_order_relaxed) && connection.ReadSome(&buffer)) {
    const double now = WallMillis();
    std::lock_guard lock(deliveries->mu);
    if (deliveries->closed) return;
    std::vector<double>* delivery = &deliveries->by_client[client];
    size_t line_start = 0;
    for (size_t end; (end = buffer.find('\n', line_start)) != std::string::npos;
         line_start = end + 1) {
      if (buffer.compare(line_start, 6, "data: ") != 0) continue;
      size_t at = buffer.find("\"time\":", line_start);
      if (at == std::string::npos || at > end) continue;
      delivery->push_back(now - std::strtod(buffer.c_str() + at + 7, nullptr));
    }
    buffer.erase(0, line_start);
  }
}

int RunStreams(const Options& options, double seconds, int clients) {
  SSL_CTX* ctx = options.tls ? ClientContext(options) : nullptr;
  std::atomic<bool> stop{false};
  Deliveries deliveries;
  deliveries.by_client.resize(static_cast<size_t>(clients));
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] { ReadStream(options, ctx, stop, &deliveries, size_t(i)); });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  // Readers blocked in read() wake at the next event or heartbeat; a quiet stream ends the
  // process, whose exit closes them.
  for (auto& thread : threads) thread.detach();
  std::lock_guard lock(deliveries.mu);
  deliveries.closed = true;
  std::vector<double> all;
  size_t fewest = SIZE_MAX, most = 0;
  for (const auto& mine : deliveries.by_client) {
    fewest = std::min(fewest, mine.size());
    most = std::max(most, mine.size());
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::printf(
      "{\"clients\": %d, \"events\": %zu, \"min_events\": %zu, \"max_events\": %zu, "
      "\"delivery_ms_p50\": %.1f, \"delivery_ms_p99\": %.1f}\n",
      clients, all.size(), fewest, most, Quantile(&all, 0.50), Quantile(&all, 0.99));
  std::fflush(stdout);
  std::_Exit(0);
}

int RunHandshakes(const Options& options, int count) {
  if (!options.tls) Die("handshakes needs an https:// URL");
  SSL_CTX* ctx = ClientContext(options);
  std::vector<double> millis;
  for (int i = 0; i < count; ++i) {
    auto start = Clock::now();
    Connection connection(options, ctx);
    if (!connection.ok()) Die("handshake failed");
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::printf("{\"handshakes\": %d, \"handshake_ms_p50\": %.3f, \"handshake_ms_p99\": %.3f}\n",
              count, Quantile(&millis, 0.50), Quantile(&millis, 0.99));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr
        << "usage: bench_http_load load URL SECONDS CONNECTIONS [opts] | handshakes URL COUNT "
           "[opts]\n";
    return 2;
  }
  Options options;
  std::string mode = argv[1];
  ParseUrl(argv[2], &options);
  if (mode == "load") {
    if (argc < 5) Die("load needs SECONDS and CONNECTIONS");
    ParseFlags(argc, argv, 5, &options);
    return RunLoad(options, std::atof(argv[3]), std::atoi(argv[4]));
  }
  if (mode == "stream") {
    if (argc < 5) Die("stream needs SECONDS and CLIENTS");
    ParseFlags(argc, argv, 5, &options);
    return RunStreams(options, std::atof(argv[3]), std::atoi(argv[4]));
  }
  if (mode == "handshakes") {
    ParseFlags(argc, argv, 4, &options);
    return RunHandshakes(options, std::atoi(argv[3]));
  }
  Die("unknown mode " + mode);
}
