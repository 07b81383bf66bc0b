#pragma once
// `envgrid serve` as a child process on a free loopback port, for the crash
// tests that kill it with SIGKILL, and a login against it.

#include <regex>

#include "crash_checks.hpp"
#include "viewer_fixture.hpp"

namespace envgrid::test {

// `envgrid serve` started on a free port; port() once it listens.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& location, std::vector<std::string> extra = {})
      : process_(serve_arguments(location, std::move(extra))) {
    if (!process_.wait_for_out("press Ctrl+C")) return;
    std::smatch match;
    const std::regex url(R"(at http://127\.0\.0\.1:(\d+)/)");
    if (std::regex_search(process_.out(), match, url)) port_ = std::stoi(match[1]);
  }
  [[nodiscard]] unsigned short port() const { return static_cast<unsigned short>(port_); }
  [[nodiscard]] std::string output() const { return process_.out() + process_.err(); }
  int kill_now() { return process_.kill_now(); }

 private:
  static std::vector<std::string> serve_arguments(const std::string& location,
                                                  std::vector<std::string> extra) {
    std::vector<std::string> arguments{"serve", location, "--port", "0"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
  }
  EnvgridProcess process_;
  int port_ = 0;
};

inline Login log_in(unsigned short port, const std::string& user) {
  Login login;
  login.reply = send_request(port, http::verb::post, "/api/login",
                             Json{{"user_name", user}, {"password", password_of(user)}}.dump());
  const std::string set_cookie = login.reply.header("Set-Cookie");
  login.cookie = set_cookie.substr(0, set_cookie.find(';'));
  login.csrf = login.reply.json().value("csrf_token", "");
  return login;
}

}  // namespace envgrid::test
