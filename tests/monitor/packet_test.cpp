// Data segments: header fields, CP values, versions, split packets, the
// values a packet gives, and the data response.

#include "envgrid/monitor/packet.hpp"

#include <gtest/gtest.h>

#include "envgrid/monitor/factor_codes.hpp"
#include "envgrid/monitor/frame.hpp"
#include "envgrid/monitor/online_values.hpp"
#include "envgrid/monitor/split_packets.hpp"

namespace envgrid::monitor {
namespace {

const std::string hourly_2017 =
    "QN=20240510130000123;ST=32;CN=2061;PW=123456;MN=MN0001;Flag=5;CP=&&DataTime=20240510120000;"
    "w01018-Avg=23.5,w01018-Min=20.1,w01018-Max=27.0,w01018-Cou=1.2,w01018-Flag=N;"
    "w21003-Avg=0.8,w21003-Flag=M;w00000-Avg=2.5,w00000-Cou=9.0&&";

TEST(ParsePacket, ReadsHeaderFields) {
  const ParsedPacket parsed = parse_packet(hourly_2017);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  const Packet& p = parsed.packet;
  EXPECT_EQ(p.qn, "20240510130000123");
  EXPECT_EQ(p.st, "32");
  EXPECT_EQ(p.cn, "2061");
  EXPECT_EQ(p.pw, "123456");
  EXPECT_EQ(p.mn, "MN0001");
  ASSERT_TRUE(p.flag);
  EXPECT_EQ(*p.flag, 5);
  EXPECT_TRUE(p.wants_answer());
  EXPECT_FALSE(p.is_split());
  EXPECT_EQ(p.version(), ProtocolVersion::hj212_2017);
  EXPECT_EQ(p.data_time, "20240510120000");
}

TEST(ParsePacket, GroupsFactorValuesAndFlags) {
  const Packet p = parse_packet(hourly_2017).packet;
  ASSERT_EQ(p.factors.size(), 3U);
  EXPECT_EQ(p.factors[0].code, "w01018");
  EXPECT_EQ(p.factors[0].device_flag, "N");
  ASSERT_EQ(p.factors[0].items.size(), 4U);
  EXPECT_EQ(p.factors[0].items[3].statistic, "Cou");
  EXPECT_EQ(p.factors[0].items[3].text, "1.2");
  EXPECT_EQ(p.factors[1].device_flag, "M");
  EXPECT_EQ(p.factors[2].device_flag, "");
}

TEST(ParsePacket, KeepsNonValueParametersApart) {
  const ParsedPacket parsed = parse_packet(
      "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&"
      "RtdInterval=30&&");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_TRUE(parsed.packet.factors.empty());
  ASSERT_EQ(parsed.packet.other_parameters.size(), 1U);
  EXPECT_EQ(parsed.packet.other_parameters[0].first, "RtdInterval");
}

TEST(ParsePacket, RejectsSyntaxErrorsWithAReason) {
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X").error, "no CP=&& in the data segment");
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=20240101000000").error,
            "CP=&& is not closed with &&");
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;CP=&&&&junk").error, "text after CP's closing &&");
  EXPECT_EQ(parse_packet("ST=32;CN=20x1;MN=X;CP=&&&&").error, "CN '20x1' is not 4 digits");
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;Flag=five;CP=&&&&").error,
            "Flag 'five' is not a number");
  EXPECT_EQ(parse_packet("ST=32;CN=2011;CP=&&&&").error, "no MN");
  EXPECT_EQ(parse_packet("ST=32;CN;MN=X;CP=&&&&").error, "field 'CN' has no '='");
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=1;w01018&&").error,
            "CP entry 'w01018' is not NAME=VALUE");
}

TEST(PacketVersion, ToldApartByFlagThenByCodes) {
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;Flag=4;CP=&&&&").packet.version(),
            ProtocolVersion::hj212_2017);
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;Flag=1;CP=&&&&").packet.version(),
            ProtocolVersion::hj212_2005);
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;Flag=9;CP=&&&&").packet.version(),
            ProtocolVersion::later);
  EXPECT_EQ(
      parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=20040516021000;011-Rtd=50&&").packet.version(),
      ProtocolVersion::hj212_2005);
  EXPECT_EQ(parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=20040516021000;w01018-Rtd=50&&")
                .packet.version(),
            ProtocolVersion::hj212_2017);
}

TEST(FactorCodes, MapBothVersionsToTheSameParameters) {
  for (const auto& [code2017, code2005, parameter] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"w01018", "011", "COD"},
           {"w21003", "060", "NH3-N"},
           {"w21011", "101", "TP"},
           {"w21001", "065", "TN"},
           {"w01001", "001", "pH"},
           {"w00000", "B01", "flow"},
           {"a21026", "02", "SO2"},
           {"a21002", "03", "NOx"},
           {"a34013", "01", "particulates"},
           {"a19001", "S01", "O2"},
           {"a00000", "B02", "flue_gas_flow"}}) {
    const auto f2017 = find_factor(code2017);
    const auto f2005 = find_factor(code2005);
    ASSERT_TRUE(f2017 && f2005) << code2017 << " / " << code2005;
    EXPECT_EQ(f2017->parameter, parameter);
    EXPECT_EQ(f2005->parameter, parameter);
    EXPECT_EQ(f2017->version, ProtocolVersion::hj212_2017);
    EXPECT_EQ(f2005->version, ProtocolVersion::hj212_2005);
    EXPECT_EQ(f2017->unit, f2005->unit);
  }
  EXPECT_FALSE(find_factor("x99999"));
}

TEST(PacketValues, GivesOneRowPerFactorAndStatisticInUtc) {
  const PacketValues values = packet_values(parse_packet(hourly_2017).packet);
  ASSERT_TRUE(values.error.empty()) << values.error;
  ASSERT_EQ(values.values.size(), 7U);
  const OnlineValue& cod_avg = values.values[0];
  EXPECT_EQ(cod_avg.parameter, "COD");
  EXPECT_EQ(cod_avg.statistic, "avg");
  EXPECT_EQ(cod_avg.unit, "mg/L");
  EXPECT_DOUBLE_EQ(*cod_avg.value, 23.5);
  EXPECT_EQ(cod_avg.device_flag, "N");
  EXPECT_EQ(cod_avg.data_time, "2024-05-10T04:00:00Z");  // 12:00 Beijing time
  EXPECT_EQ(values.values[3].statistic, "cou");
  EXPECT_EQ(values.values[3].unit, "kg");
  EXPECT_EQ(values.values[4].parameter, "NH3-N");
  EXPECT_EQ(values.values[4].device_flag, "M");
}

TEST(PacketValues, KeepsBadValuesWithTheirReason) {
  const PacketValues values =
      packet_values(parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=20240101000000;w01018-Rtd=abc;"
                                 "zz999-Rtd=1;w21003-Rtd=0.5&&")
                        .packet);
  ASSERT_EQ(values.values.size(), 3U);
  EXPECT_FALSE(values.values[0].valid);
  EXPECT_EQ(values.values[0].reason, "value 'abc' is not a number");
  EXPECT_FALSE(values.values[1].valid);
  EXPECT_EQ(values.values[1].reason, "factor code 'zz999' is not in envgrid's HJ 212 table");
  EXPECT_TRUE(values.values[2].valid);
  EXPECT_EQ(values.values[0].data_time, "2023-12-31T16:00:00Z");
}

TEST(PacketValues, RejectsImpossibleDatesAndOtherCommands) {
  EXPECT_EQ(
      packet_values(parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=20230229000000&&").packet).error,
      "DataTime '20230229000000' is not a real date and time");
  EXPECT_EQ(
      packet_values(parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=00000101000000&&").packet).error,
      "DataTime '00000101000000' has a year outside 1980-2199")
      << "found by fuzzing: year 0 overflowed the clock types";
  EXPECT_EQ(packet_values(parse_packet("ST=32;CN=2011;MN=X;CP=&&DataTime=2023&&").packet).error,
            "DataTime '2023' is not YYYYMMDDhhmmss[zzz]");
  EXPECT_EQ(packet_values(parse_packet("ST=32;CN=2011;MN=X;CP=&&w01018-Rtd=1&&").packet).error,
            "no DataTime in CP");
  EXPECT_NE(packet_values(parse_packet("ST=32;CN=1062;MN=X;CP=&&RtdInterval=30&&").packet)
                .error.find("CN 1062 (set real-time data interval) is not a data upload"),
            std::string::npos);
  EXPECT_NE(packet_values(parse_packet("ST=32;CN=4321;MN=X;CP=&&&&").packet)
                .error.find("not a command envgrid knows"),
            std::string::npos);
}

TEST(DataTime, AcceptsMillisecondsAsTheIssueVectorSendsThem) {
  std::string reason;
  EXPECT_EQ(data_time_to_utc("20210305003817000", reason), "2021-03-04T16:38:17Z");
}

TEST(SplitPackets, ReassemblesPartsInAnyOrder) {
  const auto part = [](int pno, const std::string& cp) {
    return parse_packet("QN=20240510130000123;ST=32;CN=2061;PW=1;MN=M;Flag=7;PNUM=3;PNO=" +
                        std::to_string(pno) + ";CP=&&" + cp + "&&")
        .packet;
  };
  SplitPacketAssembler assembler;
  std::vector<std::string> errors;
  EXPECT_FALSE(assembler.add(part(2, "w21003-Avg=0.8"), errors));
  EXPECT_FALSE(assembler.add(part(1, "DataTime=20240510120000;w01018-Avg=23.5"), errors));
  ASSERT_EQ(assembler.incomplete().size(), 1U);
  EXPECT_NE(assembler.incomplete()[0].find("2 of 3 parts"), std::string::npos);
  const std::optional<Packet> whole = assembler.add(part(3, "w00000-Avg=2.5"), errors);
  ASSERT_TRUE(whole);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(whole->data_time, "20240510120000");
  ASSERT_EQ(whole->factors.size(), 3U);
  EXPECT_EQ(whole->factors[1].code, "w21003");
  EXPECT_TRUE(assembler.incomplete().empty());
}

TEST(SplitPackets, BoundsWhatIsHeldAndSaysWhatWasGivenUp) {
  SplitPacketAssembler assembler(2);
  std::vector<std::string> errors;
  for (int i = 0; i < 3; ++i) {
    (void)assembler.add(
        parse_packet("QN=" + std::to_string(i) + ";ST=32;CN=2061;MN=M;Flag=7;PNUM=2;PNO=1;CP=&&&&")
            .packet,
        errors);
  }
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_NE(errors[0].find("QN 0: 1 of 2 parts; given up"), std::string::npos);
  EXPECT_EQ(assembler.incomplete().size(), 2U);
  (void)assembler.add(parse_packet("QN=9;ST=32;CN=2061;MN=M;Flag=7;PNUM=2;PNO=5;CP=&&&&").packet,
                      errors);
  EXPECT_NE(errors.back().find("out of range"), std::string::npos);
}

TEST(DataResponse, EchoesTheQnWithAValidCrc) {
  const Packet p = parse_packet(hourly_2017).packet;
  const std::string frame = data_response_frame(p);
  const DecodedFrame decoded = decode_frame(frame);
  ASSERT_TRUE(decoded.ok()) << decoded.error;
  const Packet answer = parse_packet(decoded.data_segment).packet;
  EXPECT_EQ(answer.cn, "9014");
  EXPECT_EQ(answer.qn, p.qn);
  EXPECT_EQ(answer.mn, p.mn);
  EXPECT_FALSE(answer.wants_answer());
}

}  // namespace
}  // namespace envgrid::monitor
