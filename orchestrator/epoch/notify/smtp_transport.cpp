// MailTransport over libcurl's SMTP client (see mail_transport.h). One easy handle per mail: mails
// are rare (one per finished run at most), and a fresh connection never inherits a broken one.
#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "orchestrator/epoch/notify/mail_transport.h"

namespace drove::epoch {
namespace {

constexpr long kConnectTimeoutMillis = 10'000;
// The whole delivery, so one unresponsive server holds the queue at most this long per mail.
constexpr long kTransferTimeoutMillis = 30'000;

// libcurl reads the message through this callback, in pieces.
struct Reader {
  const std::string* text;
  size_t offset = 0;
};

size_t ReadPiece(char* buffer, size_t size, size_t count, void* user) {
  auto* reader = static_cast<Reader*>(user);
  const size_t n = std::min(size * count, reader->text->size() - reader->offset);
  std::memcpy(buffer, reader->text->data() + reader->offset, n);
  reader->offset += n;
  return n;
}

class SmtpTransport : public MailTransport {
 public:
  explicit SmtpTransport(const MailSettings& settings) : settings_(settings) {
    // Not thread-safe in libcurl 7.x: done once, while main() is still single-threaded.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    url_ = "smtp://" + settings.smtp_server + ":" + std::to_string(settings.port);
  }

  core::Status Send(const std::string& from, const std::vector<std::string>& to,
                    const std::string& text) override {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return core::Status::Error("curl_easy_init failed");
    curl_slist* recipients = nullptr;
    for (const std::string& address : to) {
      recipients = curl_slist_append(recipients, ("<" + address + ">").c_str());
    }
    Reader reader{&text};
    char error[CURL_ERROR_SIZE] = {};
    const std::string mail_from = "<" + from + ">";
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadPiece);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMillis);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kTransferTimeoutMillis);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, settings_.tls ? CURLUSESSL_ALL : CURLUSESSL_NONE);
    if (!settings_.username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (code == CURLE_OK) return core::Status::Ok();
    return core::Status::Error(error[0] != '\0' ? std::string(error) : curl_easy_strerror(code));
  }

 private:
  const MailSettings settings_;
  std::string url_;
};

}  // namespace

std::unique_ptr<MailTransport> MakeSmtpTransport(const MailSettings& settings) {
  return std::make_unique<SmtpTransport>(settings);
}

}  // namespace drove::epoch
