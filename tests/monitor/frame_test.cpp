// HJ 212 frames: the issue's vectors, and every way a frame can be wrong.

#include "envgrid/monitor/frame.hpp"

#include <gtest/gtest.h>

namespace envgrid::monitor {
namespace {

const std::string vector_1062 =
    "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&"
    "RtdInterval=30&&";
const std::string vector_2011 =
    "ST=32;CN=2011;PW=123456;MN=NJGDKYYC202101q0001w0001;CP=&&DataTime=20210305003817000;"
    "ele01-Rtd=1;ele02-Rtd=0&&";

TEST(Hj212Crc, MatchesTheIssueVectors) {
  EXPECT_EQ(vector_1062.size(), 101U);
  EXPECT_EQ(hj212_crc(vector_1062), 0x1C80);
  EXPECT_EQ(vector_2011.size(), 109U);
  EXPECT_EQ(hj212_crc(vector_2011), 0x8C41);
}

TEST(Hj212Crc, IsNotCrc16Modbus) {
  // CRC-16/MODBUS of "123456789" is 0x4B37; the Appendix A register differs.
  EXPECT_NE(hj212_crc("123456789"), 0x4B37);
}

TEST(EncodeFrame, WritesLengthAndCrcOfTheVectors) {
  EXPECT_EQ(encode_frame(vector_1062), "##0101" + vector_1062 + "1C80\r\n");
  EXPECT_EQ(encode_frame(vector_2011), "##0109" + vector_2011 + "8C41\r\n");
}

TEST(DecodeFrame, AcceptsAGoodFrameWithOrWithoutCrlf) {
  const std::string frame = "##0109" + vector_2011 + "8C41";
  for (const std::string& text : {frame, frame + "\r\n", frame + "\n"}) {
    const DecodedFrame decoded = decode_frame(text);
    ASSERT_TRUE(decoded.ok()) << decoded.error;
    EXPECT_EQ(decoded.data_segment, vector_2011);
  }
  EXPECT_TRUE(decode_frame("##0109" + vector_2011 + "8c41").ok()) << "lower-case hex";
}

TEST(DecodeFrame, RejectsAWrongCrcNamingBoth) {
  const DecodedFrame decoded = decode_frame("##0109" + vector_2011 + "8C42\r\n");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error, "CRC 8C42 does not match the data segment's 8C41");
}

TEST(DecodeFrame, RejectsAWrongLength) {
  const DecodedFrame decoded = decode_frame("##0108" + vector_2011 + "8C41");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error, "length 108 does not match the data segment's 109 characters");
  EXPECT_NE(decode_frame("##01x9" + vector_2011 + "8C41").error.find("not 4 decimal digits"),
            std::string::npos);
  EXPECT_NE(decode_frame("##2000" + vector_2011 + "8C41").error.find("above the standard's 1024"),
            std::string::npos);
}

TEST(DecodeFrame, RejectsTruncatedFrames) {
  const std::string frame = "##0109" + vector_2011 + "8C41";
  for (std::size_t cut = 0; cut < frame.size(); ++cut) {
    EXPECT_FALSE(decode_frame(frame.substr(0, cut)).ok()) << "cut at " << cut;
  }
  EXPECT_EQ(decode_frame("#").error, "does not start with ##");
}

TEST(DecodeFrame, RejectsBytesThatAreNotAscii) {
  std::string segment = vector_2011;
  segment[20] = '\xE6';
  const DecodedFrame decoded = decode_frame(encode_frame(segment));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error, "byte 0xE6 at column 27 is not printable ASCII");
}

}  // namespace
}  // namespace envgrid::monitor
