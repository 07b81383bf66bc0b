// gis/text.hpp: ASCII case folding leaves other bytes alone; joining.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "envgrid/gis/text.hpp"

namespace envgrid::gis {
namespace {

TEST(Text, AsciiLowerFoldsOnlyAscii) {
  EXPECT_EQ(ascii_lower("PG:Host=X .GPKG"), "pg:host=x .gpkg");
  EXPECT_EQ(ascii_lower("氨氮 NH3-N"), "氨氮 nh3-n");
  EXPECT_TRUE(ascii_iequals("postgresql://", "PostgreSQL://"));
  EXPECT_FALSE(ascii_iequals("pg:", "pg"));
}

TEST(Text, JoinPutsTheSeparatorBetweenParts) {
  EXPECT_EQ(join(std::vector<std::string>{}, ", "), "");
  EXPECT_EQ(join(std::vector<std::string>{"a"}, ", "), "a");
  EXPECT_EQ(join(std::vector<std::string>{"a", "", "c"}, "; "), "a; ; c");
  const std::vector<int> numbers{1, 2, 3};
  EXPECT_EQ(join(numbers, ">", [](int n) { return std::to_string(n); }), "1>2>3");
}

}  // namespace
}  // namespace envgrid::gis
