// The one strict ISO 8601 parser: what it reads and what it refuses.

#include "envgrid/gis/iso_time.hpp"

#include <gtest/gtest.h>

using envgrid::gis::parse_iso_days;
using envgrid::gis::parse_iso_seconds;

TEST(IsoTime, ReadsTheDocumentedForms) {
  EXPECT_EQ(parse_iso_seconds("1970-01-02"), 86400);
  EXPECT_EQ(parse_iso_seconds("1970-01-01T01:02"), 3720);
  EXPECT_EQ(parse_iso_seconds("1970-01-01 01:02:03"), 3723);
  EXPECT_EQ(parse_iso_seconds("1970-01-01T01:02:03.75Z"), 3723);
  EXPECT_EQ(parse_iso_seconds("2024-03-01T08:00:00+08:00"), parse_iso_seconds("2024-03-01T00:00Z"));
  EXPECT_EQ(parse_iso_seconds("2024-03-01T00:00-01:30"), parse_iso_seconds("2024-03-01T01:30Z"));
  EXPECT_EQ(*parse_iso_seconds("2024-03-01") - *parse_iso_seconds("2024-02-28"), 2 * 86400);
  EXPECT_EQ(parse_iso_days("2000-02-29"), 11016);
}

TEST(IsoTime, RefusesImpossibleValuesAndTrailingText) {
  for (const char* text : {"2025-07-14T25:00",
                           "2025-02-30",
                           "2025-02-29",
                           "1900-02-29",
                           "2025-07-14T99:99",
                           "2025-07-14T12:60",
                           "2025-07-14T12:00:61",
                           "2025-13-01",
                           "2025-00-10",
                           "2025-07-00",
                           "2025-07-14T12:00junk",
                           "2025-07-14 junk",
                           "2025-07-14T12:00+15:00",
                           "2025-07-14T12:00+0800",
                           "2025-07-14T8:00",
                           "2025-07-14T12:00:00.",
                           "25-07-14",
                           "yesterday",
                           "",
                           "2025-07-14Z0"}) {
    EXPECT_FALSE(parse_iso_seconds(text)) << text;
  }
  EXPECT_FALSE(parse_iso_days("2025-07-14T00:00"));
  EXPECT_FALSE(parse_iso_days("2025-07-14 "));
}
