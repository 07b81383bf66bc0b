// envgrid imagery synth: writes the demo imagery (an industrial-park
// orthomosaic pair with permits and ground truth, and a river bank with
// outfall plumes), deterministic from the seed.

#include <iostream>

#include "envgrid/imagery/synthetic_imagery.hpp"
#include "registry.hpp"

namespace {

int run_synth(const envgrid::cli::ParsedArgs& args) {
  envgrid::imagery::SynthOptions options;
  const std::string dir = args.require("-o");
  if (auto seed = args.get_int("--seed")) options.seed = static_cast<std::uint64_t>(*seed);
  if (auto size = args.get_int("--size-px")) options.size_px = static_cast<int>(*size);
  if (auto gsd = args.get_double("--gsd")) options.gsd_m = *gsd;
  const auto summary = envgrid::imagery::write_synthetic_imagery(dir, options);
  std::cout << "wrote " << dir << ": before.tif, after.tif (" << options.size_px << " x "
            << options.size_px << " px at " << options.gsd_m << " m, " << summary.crs << "), "
            << summary.new_buildings << " new buildings (" << summary.permitted_buildings
            << " permitted), " << summary.demolitions << " demolitions, " << summary.earthworks
            << " earthworks, after shifted by (" << summary.shift_x_px << ", " << summary.shift_y_px
            << ") px; river.tif with " << summary.plumes << " plumes and "
            << summary.registered_outfalls << " registered outfalls\n";
  return 0;
}

const envgrid::cli::CommandRegistrar registrar({
    .path = "imagery synth",
    .summary = "write demo imagery with ground truth (industrial park pair, river bank)",
    .usage = "-o DIR [--seed 42] [--size-px 4096] [--gsd 0.1]",
    .options = {{"-o", "--output", true, "directory to write into (created if needed)"},
                {"--seed", "", true,
                 "random seed (DEFAULT 42); the same seed gives the same files"},
                {"--size-px", "", true, "side of the park images in pixels (DEFAULT 4096)"},
                {"--gsd", "", true, "ground sample distance in metres (DEFAULT 0.1)"}},
    .run = run_synth,
});

}  // namespace
