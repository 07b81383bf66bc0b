// envgrid monitor listen over loopback TCP: frames split across writes and
// several per write, answers only for good frames and only once stored, a
// silent and a one-byte-a-second client not stalling others, kill -9 losing
// nothing answered, two listeners on one PostGIS store storing once.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "envgrid/monitor/frame.hpp"
#include "envgrid/monitor/packet.hpp"
#include "monitor_test_support.hpp"
#include "store_backends.hpp"

namespace envgrid::test {
namespace {

class Client {
 public:
  explicit Client(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Client() { close(fd_); }
  [[nodiscard]] bool connected() const { return connected_; }
  void send_text(const std::string& text) {
    std::size_t sent = 0;
    while (sent < text.size()) {
      const ssize_t n = ::send(fd_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }
  // True when the listener closes the connection within timeout_ms.
  bool wait_closed(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char chunk[4096];
      const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return true;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    return false;
  }
  // The next answer line (CRLF included), or "" after timeout_ms without one.
  std::string read_line(int timeout_ms = 5000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      const auto lf = buffer_.find('\n');
      if (lf != std::string::npos) {
        std::string line = buffer_.substr(0, lf + 1);
        buffer_.erase(0, lf + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return "";
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
      char chunk[4096];
      const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

// The QN of an answer, after checking it is a valid CN 9014 frame.
std::string answered_qn(const std::string& line) {
  const monitor::DecodedFrame frame = monitor::decode_frame(line);
  if (!frame.ok()) return "bad answer: " + frame.error;
  const monitor::ParsedPacket p = monitor::parse_packet(frame.data_segment);
  if (!p.ok() || p.packet.cn != "9014") return "not a data response: " + line;
  return p.packet.qn;
}

std::string qn_of(int i) {
  char qn[32];
  std::snprintf(qn, sizeof qn, "20240510%09d", i);
  return qn;
}

std::string packet(int i, const std::string& mn = "MN1") {
  char time[32];
  std::snprintf(time, sizeof time, "202405%02d%02d%02d00", 10 + i / 1440, i / 60 % 24, i % 60);
  return hj212_packet(mn, "2011",
                      std::string("DataTime=") + time +
                          ";w01018-Rtd=" + std::to_string(20 + i % 13) + ",w01018-Flag=N",
                      qn_of(i));
}

class Listener {
 public:
  explicit Listener(const std::string& project, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"monitor", "listen", project, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    process_ = std::make_unique<EnvgridProcess>(args);
    if (process_->wait_for_out("\n")) {
      const auto colon = process_->out().rfind(':');
      port_ = std::atoi(process_->out().c_str() + colon + 1);
    }
  }
  [[nodiscard]] int port() const { return port_; }
  EnvgridProcess& process() { return *process_; }

 private:
  std::unique_ptr<EnvgridProcess> process_;
  int port_ = 0;
};

class MonitorListen : public ::testing::Test {
 protected:
  TempDir dir;
  std::string project = make_monitor_store(dir);
  void SetUp() override {
    ASSERT_EQ(run_envgrid({"monitor", "bind", project, "MN1", "O1"}).exit_code, 0);
  }
};

TEST_F(MonitorListen, FramesOutOfTheStreamAndAnswersOnlyGoodFrames) {
  Listener listener(project);
  ASSERT_GT(listener.port(), 0) << listener.process().err();
  Client client(listener.port());
  ASSERT_TRUE(client.connected());
  const std::string first = packet(1);
  client.send_text(first.substr(0, 20));  // split across writes
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  client.send_text(first.substr(20) + packet(2));  // the rest, and a second packet
  EXPECT_EQ(answered_qn(client.read_line()), qn_of(1));
  EXPECT_EQ(answered_qn(client.read_line()), qn_of(2));
  std::string bad = packet(3);
  bad[bad.size() - 4] = bad[bad.size() - 4] == 'A' ? 'B' : 'A';  // CRC
  client.send_text(bad + packet(4));
  EXPECT_EQ(answered_qn(client.read_line()), qn_of(4)) << "no answer for the bad CRC";
  client.send_text(
      hj212_packet("MN1", "2011", "DataTime=20240510000000;w01018-Rtd=1", qn_of(5), 4));
  client.send_text(packet(6));
  EXPECT_EQ(answered_qn(client.read_line()), qn_of(6)) << "Flag=4 asks for no answer";
  EXPECT_EQ(query_one(project, "SELECT COUNT(*) FROM rejected_packets WHERE reason LIKE 'CRC%'"),
            "1");
  EXPECT_EQ(query_one(project, "SELECT COUNT(*) FROM online_readings"), "5")
      << "packets 1, 2, 4, 6 and the unanswered 5";
}

TEST_F(MonitorListen, SilentAndSlowClientsDoNotStallOthers) {
  Listener listener(project, {"--frame-timeout", "2", "--idle-timeout", "3"});
  ASSERT_GT(listener.port(), 0);
  Client silent(listener.port());
  Client slow(listener.port());
  std::thread dribble([&] {
    const std::string p = packet(7);
    for (std::size_t i = 0; i < 4; ++i) {
      slow.send_text(p.substr(i, 1));
      std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    }
  });
  Client quick(listener.port());
  const auto start = std::chrono::steady_clock::now();
  quick.send_text(packet(8));
  EXPECT_EQ(answered_qn(quick.read_line()), qn_of(8));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  dribble.join();
  EXPECT_TRUE(slow.wait_closed(3000)) << "the one-byte-a-second client is closed";
  EXPECT_TRUE(silent.wait_closed(3000)) << "the silent client is closed after the idle timeout";
  EXPECT_EQ(query_one(project,
                      "SELECT COUNT(*) FROM rejected_packets WHERE reason LIKE "
                      "'frame not ended within 2 s%'"),
            "1");
}

TEST_F(MonitorListen, KillNineLosesNothingAnswered) {
  Listener listener(project);
  ASSERT_GT(listener.port(), 0);
  Client client(listener.port());
  std::vector<std::string> answered;
  for (int i = 0; i < 200; ++i) {
    client.send_text(packet(100 + i));
    if (i % 20 == 19) {
      for (int j = 0; j < 20; ++j) answered.push_back(answered_qn(client.read_line()));
    }
  }
  for (int i = 0; i < 50; ++i) client.send_text(packet(400 + i));  // in flight at the kill
  listener.process().kill_now();
  ASSERT_EQ(answered.size(), 200U);
  for (int i = 0; i < 200; i += 37) {
    EXPECT_EQ(answered[static_cast<std::size_t>(i)], qn_of(100 + i));
  }
  // Packets 100..299 (answered) carry data times 01:40..04:59 Beijing time.
  EXPECT_EQ(query_one(project,
                      "SELECT COUNT(*) FROM online_readings WHERE data_time <= "
                      "'2024-05-09T20:59:00Z'"),
            "200");
  EXPECT_EQ(query_one(project, "PRAGMA integrity_check"), "ok");
}

TEST_F(MonitorListen, AnAddressInUseIsAClearError) {
  Listener first(project);
  ASSERT_GT(first.port(), 0);
  const RunResult second =
      run_envgrid({"monitor", "listen", project, "--port", std::to_string(first.port())});
  EXPECT_EQ(second.exit_code, 101);
  EXPECT_NE(second.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << second.err;
}

TEST(MonitorListenPostgis, TwoListenersStoreEachPacketOnce) {
  StoreLocation place(StoreBackend::postgis);
  if (!place.available()) GTEST_SKIP() << "ENVGRID_TEST_PG is not set (scripts/test.sh sets it)";
  make_monitor_store_at(place.location(), place.dir());
  ASSERT_EQ(run_envgrid({"monitor", "bind", place.location(), "MN1", "O1"}).exit_code, 0);
  Listener a(place.location());
  Listener b(place.location());
  ASSERT_GT(a.port(), 0);
  ASSERT_GT(b.port(), 0);
  Client to_a(a.port());
  Client to_b(b.port());
  // Every packet goes to both listeners at once (a device failing over).
  for (int i = 0; i < 100; ++i) {
    to_a.send_text(packet(i));
    to_b.send_text(packet(i));
  }
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(answered_qn(to_a.read_line()), qn_of(i));
    EXPECT_EQ(answered_qn(to_b.read_line()), qn_of(i));
  }
  EXPECT_EQ(query_one(place.location(), "SELECT COUNT(*) FROM online_readings"), "100");
  EXPECT_EQ(query_one(place.location(),
                      "SELECT COUNT(*) FROM (SELECT reading_key FROM online_readings GROUP BY "
                      "reading_key HAVING COUNT(*) > 1) d"),
            "0");
}

}  // namespace
}  // namespace envgrid::test
