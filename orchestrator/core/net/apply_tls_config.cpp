// Setting an HttpTarget's TLS fields from a `tls:` section.
#include "orchestrator/core/net/apply_tls_config.h"

namespace drove::core {

void ApplyTlsConfig(const TlsConfig& tls, HttpTarget* target) {
  target->tls_verify = !tls.insecure;
  target->tls_ca_file = tls.ca_file;
  target->tls_cert_file = tls.cert_file;
  target->tls_key_file = tls.key_file;
}

}  // namespace drove::core
