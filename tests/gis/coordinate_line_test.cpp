// parse_coordinate_line: crs transform's input lines and patrol plan --start.

#include "envgrid/gis/coordinate_line.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace envgrid::gis {
namespace {

TEST(CoordinateLine, TwoNumbersAndTheRestOfTheLine) {
  const auto line = parse_coordinate_line("  114.30\t30.60  a, b ");
  ASSERT_TRUE(line);
  EXPECT_DOUBLE_EQ(line->x, 114.30);
  EXPECT_DOUBLE_EQ(line->y, 30.60);
  EXPECT_EQ(line->rest, "a, b");
}

TEST(CoordinateLine, CommasSeparateLikeSpacesAndAPlusSignIsAccepted) {
  const auto line = parse_coordinate_line("+114.3,-30.6");
  ASSERT_TRUE(line);
  EXPECT_DOUBLE_EQ(line->x, 114.3);
  EXPECT_DOUBLE_EQ(line->y, -30.6);
  EXPECT_TRUE(line->rest.empty());
}

TEST(CoordinateLine, LinesWithoutTwoLeadingNumbersAreRefused) {
  for (const char* text : {"", "114.3", "114.3 abc", "x 1 2", "1,,", "+-1 2", "1e 2", "0x10 2"}) {
    EXPECT_FALSE(parse_coordinate_line(text)) << text;
  }
}

TEST(CoordinateLine, NonFiniteNumbersParseForTheCallerToJudge) {
  const auto line = parse_coordinate_line("nan inf");
  ASSERT_TRUE(line);
  EXPECT_TRUE(std::isnan(line->x));
  EXPECT_TRUE(std::isinf(line->y));
}

}  // namespace
}  // namespace envgrid::gis
