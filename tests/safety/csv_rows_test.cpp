// Readers never drop rows without saying so: each hostile CSV either reads
// correctly, or its bad row is reported while the others load, or the whole
// file is refused (exit 100) naming the row; the store's rows show which.
// On GeoPackage and PostGIS.

#include <gtest/gtest.h>

#include "safety_support.hpp"
#include "store_backends.hpp"

namespace envgrid::test {
namespace {

std::string rows(int first, int last) {
  std::string text;
  for (int i = first; i <= last; ++i) text += "E" + std::to_string(i) + ",key,114.01,30.01\n";
  return text;
}

const std::string header = "enterprise_id,risk_class,lon,lat\n";

class CsvRowsTest : public EmptyStoreTest {
 protected:
  RunResult import(const std::string& name, const std::string& bytes) {
    write_text(dir().file(name), bytes);
    return run_envgrid({"import", location(), "--layer", "enterprises", dir().file(name)});
  }
  long long enterprises() { return store_row_counts(location())["enterprises"]; }
};

TEST_P(CsvRowsTest, AFieldOfManyMegabytesRefusesTheFile) {
  const auto result =
      import("big.csv", header + rows(1, 1) + "E2,key,\"" + std::string(12 << 20, 'x') +
                            "\",30.01\n" + rows(3, 1000));
  EXPECT_EQ(result.exit_code, 100) << result.err;
  EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("the file is refused"), std::string::npos) << result.err;
  EXPECT_EQ(enterprises(), 0);
}

TEST_P(CsvRowsTest, AnUnclosedQuoteRefusesTheFile) {
  const auto result =
      import("quote.csv", header + rows(1, 1) + "E2,\"key,114.01,30.01\n" + rows(3, 1000));
  EXPECT_EQ(result.exit_code, 100) << result.err;
  EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("never closed"), std::string::npos) << result.err;
  EXPECT_EQ(enterprises(), 0);
}

TEST_P(CsvRowsTest, ANulByteRefusesTheFile) {
  const auto result = import(
      "nul.csv", header + rows(1, 1) + std::string("E2,k\0ey,114.01,30.01\n", 21) + rows(3, 10));
  EXPECT_EQ(result.exit_code, 100) << result.err;
  EXPECT_NE(result.err.find("line 3"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("NUL byte"), std::string::npos) << result.err;
  EXPECT_EQ(enterprises(), 0);
}

TEST_P(CsvRowsTest, ExtraFieldsRejectTheRowAndTheOthersLoad) {
  const auto result =
      import("extra.csv", header + rows(1, 1) + "E2,key,114.01,30.01,extra,more\n" + rows(3, 10));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("row 2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("6 fields where the header has 4"), std::string::npos) << result.err;
  EXPECT_EQ(enterprises(), 9);
}

TEST_P(CsvRowsTest, ByteOrderMarkAndCrlfReadCorrectly) {
  const auto result = import("bom.csv",
                             "\xEF\xBB\xBF"
                             "enterprise_id,risk_class,lon,lat\r\n"
                             "E1,key,114.01,30.01\r\nE2,special,114.02,30.02\r\n");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(enterprises(), 2);
}

TEST_P(CsvRowsTest, GbkTextIsRefusedOnce) {
  // "武汉化工" in GBK: not UTF-8.
  const auto result = import("gbk.csv",
                             "enterprise_id,name,risk_class,lon,lat\n"
                             "E1,\xCE\xE4\xBA\xBA\xBB\xAF\xB9\xA4,key,114.01,30.01\n" +
                                 rows(2, 20));
  EXPECT_EQ(result.exit_code, 100) << result.err;
  EXPECT_EQ(occurrences(result.err, "not UTF-8"), 1) << result.err;
  EXPECT_EQ(enterprises(), 0);
}

// A FIFO (or a process substitution, which is one) cannot be read twice;
// envgrid refuses it from its type, before opening it, so no writer is needed.
TEST_P(CsvRowsTest, AFifoIsRefusedAsNotARegularFile) {
  const auto result = run_shell("mkfifo " + shell_quote(dir().file("fifo.csv")) +
                                " && \"$ENVGRID\" import " + shell_quote(location()) +
                                " --layer enterprises " + shell_quote(dir().file("fifo.csv")));
  EXPECT_EQ(result.exit_code, 100) << result.out;
  EXPECT_NE(result.out.find("must be a regular file"), std::string::npos) << result.out;
  EXPECT_EQ(enterprises(), 0);
}

ENVGRID_INSTANTIATE_STORE_BACKENDS(CsvRowsTest);

}  // namespace
}  // namespace envgrid::test
