#include "envgrid/gis/progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

using envgrid::gis::Progress;
using envgrid::gis::ProgressMode;
using envgrid::gis::set_progress_mode;

TEST(Progress, PrintsGdalStyleTicksOnce) {
  set_progress_mode(ProgressMode::always);
  std::ostringstream out;
  {
    Progress progress(7, &out);
    for (int i = 0; i < 7; ++i) progress.advance();
  }
  EXPECT_EQ(out.str(), "0...10...20...30...40...50...60...70...80...90...100 - done.\n");
  set_progress_mode(ProgressMode::automatic);
}

TEST(Progress, SilentWhenNever) {
  set_progress_mode(ProgressMode::never);
  std::ostringstream out;
  Progress progress(3, &out);
  progress.advance(3);
  progress.done();
  EXPECT_EQ(out.str(), "");
  set_progress_mode(ProgressMode::automatic);
}
