// envgrid monitor listen PROJECT [--bind 127.0.0.1] --port P: the TCP
// listener HJ 212 devices send their packets to.

#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/listener.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

std::chrono::seconds seconds_option(const ParsedArgs& args, const std::string& name,
                                    std::chrono::seconds fallback) {
  const auto value = args.get_int(name);
  if (!value) return fallback;
  if (*value < 1) gis::throw_usage_error(name + " must be at least 1");
  return std::chrono::seconds(*value);
}

int run_monitor_listen(const ParsedArgs& args) {
  if (args.positionals.size() != 1) gis::throw_usage_error("expected one PROJECT");
  monitor::ListenOptions options;
  options.bind_address = args.get_or("--bind", options.bind_address);
  const auto port = args.get_int("--port");
  if (!port || *port < 0 || *port > 65535) gis::throw_usage_error("--port P (0-65535) is required");
  options.port = static_cast<std::uint16_t>(*port);
  if (const auto cap = args.get_int("--max-connections")) {
    if (*cap < 1) gis::throw_usage_error("--max-connections must be at least 1");
    options.max_connections = static_cast<std::size_t>(*cap);
  }
  options.idle_timeout = seconds_option(args, "--idle-timeout", options.idle_timeout);
  options.frame_timeout = seconds_option(args, "--frame-timeout", options.frame_timeout);
  if (args.has("--run-for")) options.run_for = seconds_option(args, "--run-for", {});
  gis::Store store = gis::Store::open(args.positionals[0], true);
  const monitor::ListenCounts counts =
      monitor::listen(store, options, [](const std::string& address, std::uint16_t bound) {
        std::cout << "listening on " << address << ":" << bound << std::endl;
      });
  std::cout << "connections " << counts.connections << "\nrefused_connections "
            << counts.refused_connections << "\nanswers " << counts.answers << "\ncommits "
            << counts.commits << std::endl;
  return 0;
}

const CommandRegistrar registrar(Command{
    .path = "monitor listen",
    .summary = "receive HJ 212 packets from devices over TCP, answer once stored",
    .usage = "PROJECT [--bind ADDRESS] --port P [--max-connections N] [--idle-timeout S] "
             "[--frame-timeout S] [--run-for S]",
    .options = {{"--bind", "", true, "address to listen on (DEFAULT: 127.0.0.1)"},
                {"--port", "", true, "TCP port; 0 picks a free one (printed)"},
                {"--max-connections", "", true, "connections at once (DEFAULT: 2000)"},
                {"--idle-timeout", "", true,
                 "seconds before a silent connection is closed (DEFAULT: 300)"},
                {"--frame-timeout", "", true,
                 "seconds a frame may take to arrive whole (DEFAULT: 30)"},
                {"--run-for", "", true, "stop after S seconds (DEFAULT: until SIGINT/SIGTERM)"}},
    .run = run_monitor_listen,
});

}  // namespace
}  // namespace envgrid::cli
