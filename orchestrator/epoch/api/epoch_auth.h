// Epoch's user authentication (epoch-api.md section 0, `userAuth`): HTTP Basic against the
// configured users, roles READ_WRITE and READ_ONLY; with auth off every caller is READ_WRITE.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/epoch/config/epoch_config.h"

namespace drove::epoch::api {

class EpochAuthenticator {
 public:
  EpochAuthenticator(bool enabled, const std::vector<EpochUser>& users);

  // The caller's role from an Authorization header value; nullopt means 401.
  std::optional<EpochRole> Authenticate(const std::optional<std::string>& authorization) const;

 private:
  bool enabled_;
  std::map<std::string, EpochUser> users_;
};

}  // namespace drove::epoch::api
