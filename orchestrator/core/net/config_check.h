// `--check` for the daemons: what start-up would refuse in a config file, found without binding a
// port or connecting anywhere, and reported as start-up reports it.
#pragma once

#include <string>
#include <string_view>

#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

// What HttpServer::Bind loads before it listens, with its message: the certificate, key and CA of
// `tls` and that the key matches the certificate. Ok on plain HTTP.
Status CheckServingTls(const TlsConfig& tls);

// `<binary>: <path>: OK` on stdout and 0, or `<path>: <error>` on stderr and 1.
int ReportConfigCheck(std::string_view binary, const std::string& path, const Status& status);

}  // namespace drove::core
