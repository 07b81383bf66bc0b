// envgrid monitor ingest PROJECT FILE... ('-' for stdin): HJ 212 packet logs
// into the store; what is refused is kept aside in rejected_packets.

#include <fstream>
#include <iostream>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/gis/store.hpp"
#include "envgrid/monitor/ingest.hpp"
#include "envgrid/monitor/line_framer.hpp"
#include "registry.hpp"

namespace envgrid::cli {
namespace {

// Lines per transaction: a kill loses at most this many lines' work, and
// never leaves half of one.
constexpr std::size_t lines_per_commit = 20000;

void ingest_stream(std::istream& in, const std::string& name, monitor::IngestSession& session) {
  monitor::LineFramer framer;
  std::size_t line_number = 0;
  const std::size_t rejected_before = session.counts().rejected;
  const auto on_line = [&](std::string_view line, bool overlong) {
    ++line_number;
    const std::string origin = name + ":" + std::to_string(line_number);
    (void)session.accept(line, origin, overlong);
    if (line_number % lines_per_commit == 0) session.commit();
  };
  std::string chunk(1 << 16, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    framer.feed(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount())), on_line);
  }
  framer.finish(on_line);
  session.give_up_incomplete(name);
  session.commit();
  const std::size_t rejected = session.counts().rejected - rejected_before;
  if (rejected > 0) {
    gis::log_warning(name + ": " + std::to_string(rejected) +
                     " packets kept aside in rejected_packets (envgrid monitor rejected)");
  }
}

void print_summary(const monitor::IngestCounts& c) {
  std::cout << "lines " << c.lines << "\npackets " << c.packets << "\nvalues_stored "
            << c.values_stored << "\nduplicates " << c.duplicates << "\nvalues_not_valid "
            << c.values_not_valid << "\nkept_aside " << c.rejected << "\n";
  for (const auto& [mn, packets] : c.unknown_mns) {
    std::cout << "unknown_mn " << mn << " " << packets << " packets\n";
  }
}

int run_monitor_ingest(const ParsedArgs& args) {
  if (args.positionals.size() < 2) gis::throw_usage_error("expected PROJECT and FILE...");
  const std::vector<std::string> files(args.positionals.begin() + 1, args.positionals.end());
  for (const auto& file : files) {
    if (file != "-" && !std::ifstream(file)) {
      gis::throw_input_error("cannot open", {.step = "monitor ingest", .dataset = file});
    }
  }
  gis::Store store = gis::Store::open(args.positionals[0], true);
  monitor::IngestSession session(store);
  for (const auto& file : files) {
    if (file == "-") {
      ingest_stream(std::cin, "stdin", session);
    } else {
      std::ifstream in(file, std::ios::binary);
      ingest_stream(in, file, session);
    }
  }
  print_summary(session.counts());
  return session.counts().rejected > 0 ? static_cast<int>(gis::ExitCode::data_problems) : 0;
}

const CommandRegistrar registrar(Command{
    .path = "monitor ingest",
    .summary = "read HJ 212 packet logs (one packet a line) into the store",
    .usage = "PROJECT FILE... ('-' reads stdin)",
    .options = {},
    .run = run_monitor_ingest,
});

}  // namespace
}  // namespace envgrid::cli
