#pragma once
// The TCP listener devices connect to (envgrid monitor listen): frames cut
// out of each connection's byte stream, packets stored through an
// IngestSession, and a data packet whose Flag asks for it answered with CN
// 9014 only after the transaction holding it has committed.
// docs/monitoring.md, "Listener".

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "envgrid/gis/store.hpp"

namespace envgrid::monitor {

struct ListenOptions {
  std::string bind_address = "127.0.0.1";  // DEFAULT: loopback only
  std::uint16_t port = 0;                  // 0: a free port (reported by on_listening)
  // DEFAULT 2000 connections at once; one more is accepted and closed at once.
  std::size_t max_connections = 2000;
  // A connection silent this long is closed. DEFAULT: 5 minutes (HJ 212-2017
  // devices send at least every real-time interval, 30 s by default, or a
  // heartbeat).
  std::chrono::seconds idle_timeout{300};
  // A frame started and not ended within this is kept aside and the
  // connection closed (a client sending a byte a second). DEFAULT: 30 s.
  std::chrono::seconds frame_timeout{30};
  // Answers queued to a client that does not read them, beyond which it is
  // closed. DEFAULT: 64 KiB.
  std::size_t max_unsent_bytes = 64 * 1024;
  // Values buffered before a commit is forced even while reads keep coming. DEFAULT: 20000.
  std::size_t max_pending_rows = 20000;
  // Stop after this long (0: run until SIGINT/SIGTERM). For tests and benchmarks.
  std::chrono::seconds run_for{0};
};

struct ListenCounts {
  std::size_t connections = 0;
  std::size_t refused_connections = 0;  // over max_connections
  std::size_t answers = 0;
  std::size_t commits = 0;
};

// Runs until SIGINT/SIGTERM (or run_for). on_listening(address, port) is
// called once the socket listens.
ListenCounts listen(gis::Store& store, const ListenOptions& options,
                    const std::function<void(const std::string&, std::uint16_t)>& on_listening);

}  // namespace envgrid::monitor
