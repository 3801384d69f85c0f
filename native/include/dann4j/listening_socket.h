#pragma once

#include <string>

namespace dann4j {

// A TCP socket bound to `host` (an IPv4 or IPv6 literal) and `port`, listening with `backlog`:
// c10d's TCPStore serves on it (TCPStoreOptions::masterListenFd) instead of on every interface.
// Returns the descriptor, which the caller hands over (c10d closes it), or -errno on failure
// (nothing left open).
int listening_socket(const std::string& host, int port, int backlog);

}  // namespace dann4j
