// Threads whose body cannot take the process down.
//
// An exception escaping a std::thread body is std::terminate, which for the gateway's follower means
// nginx worker 0 dies and for a daemon means every instance it serves goes with it. A guarded body
// logs what escaped, with the thread's name, and runs again after a pause for as long as
// `keep_running` says so; a loop thread thus survives a bug in one pass (e.g. bad_alloc on a huge
// answer) the way the engine's tick already does.
#pragma once

#include <functional>
#include <string>
#include <thread>

namespace drove::core {

std::thread StartGuardedThread(std::string name, std::function<void()> body,
                               std::function<bool()> keep_running);

}  // namespace drove::core
