// envgrid serve PROJECT [--port 8080] [--bind 127.0.0.1]: the viewer.

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "envgrid/gis/error.hpp"
#include "envgrid/viewer/server.hpp"
#include "registry.hpp"

namespace envgrid::cli {

namespace {

// SIGINT (Ctrl+C) and SIGTERM stop the server cleanly (exit 0): they are
// blocked in every thread (before the server starts its threads, which
// inherit the mask) and taken by one waiter thread, which stops the server.
sigset_t block_stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

class StopOnSignal {
 public:
  StopOnSignal(const sigset_t& signals, viewer::Server& server)
      : signals_(signals), waiter_([this, &server] {
          int signal = 0;
          sigwait(&signals_, &signal);
          if (!done_) server.stop();
        }) {}
  // Before the server goes: wakes the waiter when run() returned on its own.
  ~StopOnSignal() {
    done_ = true;
    pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
  }
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  sigset_t signals_;
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

int run_serve(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("give exactly one PROJECT store");
  viewer::ServerOptions options;
  options.store_location = args.positionals[0];
  options.bind_address = args.get_or("--bind", "127.0.0.1");
  const long long port = args.get_int("--port").value_or(8080);
  if (port < 0 || port > 65535) gis::throw_usage_error("--port must be 0-65535");
  options.port = static_cast<unsigned short>(port);
  if (auto photos = args.get("--photos")) options.photos_dir = *photos;

  const sigset_t stop_signals = block_stop_signals();
  viewer::Server server(std::move(options));
  std::cout << "envgrid serve: viewer of " << args.positionals[0] << " at " << server.url() << "\n";
  if (const auto& password = server.first_admin_password()) {
    std::cout << "envgrid serve: created the first user: admin, password " << *password
              << "\n  (shown only this once; change it with `envgrid user passwd "
              << args.positionals[0] << " admin`)\n";
  }
  std::cout << "envgrid serve: press Ctrl+C to stop" << std::endl;
  const StopOnSignal stop_on_signal(stop_signals, server);
  server.run();
  std::cout << "envgrid serve: stopped" << std::endl;
  return 0;
}

const CommandRegistrar registrar{{
    .path = "serve",
    .summary = "serve the web viewer and its JSON API on a project store",
    .usage = "PROJECT [--port 8080] [--bind 127.0.0.1] [--photos DIR]",
    .options = {{"--port", "", true, "TCP port (DEFAULT: 8080; 0 picks a free one)"},
                {"--bind", "", true,
                 "address to listen on (DEFAULT: 127.0.0.1, this machine only)"},
                {"--photos", "", true,
                 "folder task photos are kept in (DEFAULT: PROJECT.photos beside a GeoPackage; "
                 "a PostGIS store needs it for uploads)"}},
    .run = run_serve,
}};

}  // namespace

}  // namespace envgrid::cli
