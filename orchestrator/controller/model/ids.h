// Random ids for instances, tasks and events (uuid4), until core/util/uuid.h is available.
#pragma once

#include <string>

namespace drove::controller {

// A random (version 4) UUID in canonical lower-case form.
std::string NewUuid();

}  // namespace drove::controller
