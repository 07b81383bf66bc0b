#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace envgrid::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ =
      fs::temp_directory_path() / ("envgrid-test-" + std::to_string(getpid()) + "-" +
                                   std::to_string(counter++) + "-" + std::to_string(rd() % 100000));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {

// Starts envgrid with stdin, stdout and stderr on the given pipes (the
// child's ends are closed here afterwards).
pid_t spawn_on_pipes(const std::vector<std::string>& args, int (&in_pipe)[2], int (&out_pipe)[2],
                     int (&err_pipe)[2]) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }
  std::vector<std::string> argv_storage{ENVGRID_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, ENVGRID_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) throw std::runtime_error("cannot start " + std::string(ENVGRID_BINARY));
  return pid;
}

// Reads fd into seen until text appears (true) or the stream ends (false).
bool read_until(int fd, const std::string& text, std::string& seen) {
  char buffer[4096];
  while (seen.find(text) == std::string::npos) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    seen.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

void read_to_end(int fd, std::string& seen) {
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    seen.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

RunResult run_envgrid(const std::vector<std::string>& args, const std::string& stdin_text) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  const pid_t pid = spawn_on_pipes(args, in_pipe, out_pipe, err_pipe);

  RunResult result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (stdin_text.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    poll(fds.data(), fds.size(), -1);
    for (const auto& p : fds) {
      if (!p.revents) continue;
      if (p.fd == in_fd) {
        ssize_t n = write(in_fd, stdin_text.data() + written, stdin_text.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 || written == stdin_text.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t n = read(p.fd, buffer, sizeof buffer);
      if (n <= 0) {
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
      } else {
        (p.fd == out_pipe[0] ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

EnvgridProcess::EnvgridProcess(const std::vector<std::string>& args) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
  pid_ = spawn_on_pipes(args, in_pipe, out_pipe, err_pipe);
  close(in_pipe[1]);  // no input: stdin reads end-of-file
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
}

EnvgridProcess::~EnvgridProcess() {
  if (pid_ > 0) (void)kill_now();
}

bool EnvgridProcess::wait_for_out(const std::string& text) {
  return read_until(out_fd_, text, out_);
}

bool EnvgridProcess::wait_for_err(const std::string& text) {
  return read_until(err_fd_, text, err_);
}

int EnvgridProcess::kill_now() { return reap(true); }

int EnvgridProcess::wait_exit() { return reap(false); }

int EnvgridProcess::reap(bool kill_first) {
  // Read to end-of-file first: a process that waits for a full pipe never exits.
  if (!kill_first) {
    std::vector<pollfd> fds{{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    char buffer[4096];
    while (fds[0].fd >= 0 || fds[1].fd >= 0) {
      poll(fds.data(), fds.size(), -1);
      for (std::size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].fd < 0 || !fds[i].revents) continue;
        const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
        } else {
          fds[i].fd = -1;
        }
      }
    }
  }
  int status = 0;
  if (pid_ > 0) {
    if (kill_first) kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  // The writers are gone: read to end-of-file.
  for (auto [fd, text] : {std::pair{&out_fd_, &out_}, std::pair{&err_fd_, &err_}}) {
    if (*fd < 0) continue;
    read_to_end(*fd, *text);
    close(*fd);
    *fd = -1;
  }
  return status;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

void import_layer(const std::string& project, const std::string& layer, const std::string& csv,
                  const std::string& srs) {
  const auto result = run_envgrid({"import", project, "--layer", layer, csv, "--s-srs", srs});
  ASSERT_EQ(result.exit_code, 0) << layer << ": " << result.err;
}

void make_one_cell_project(const std::string& location, const TempDir& dir,
                           const std::string& enterprises_csv) {
  const auto made = run_envgrid({"init", location});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  write_text(dir.file("cells.csv"),
             "cell_id,manager,level,WKT\nC1,wang,cell,\"POLYGON((114 30,114.04 30,114.04 "
             "30.04,114 30.04,114 30))\"\n");
  import_layer(location, "cells", dir.file("cells.csv"));
  write_text(dir.file("enterprises.csv"), enterprises_csv);
  import_layer(location, "enterprises", dir.file("enterprises.csv"));
}

fs::path source_dir() { return ENVGRID_SOURCE_DIR; }

std::optional<fs::path> shared_real_data() {
  if (const char* env = std::getenv("ENVGRID_SHARED_DATA")) {
    if (fs::is_directory(env)) return fs::path(env);
  }
  const fs::path candidate = source_dir().parent_path() / "shared" / "data" / "real";
  if (fs::is_directory(candidate)) return candidate;
  return std::nullopt;
}

std::optional<std::string> test_postgis() {
  const char* env = std::getenv("ENVGRID_TEST_PG");
  if (!env || !*env) return std::nullopt;
  return std::string(env);
}

int open_fd_count() {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++count;
  return count;
}

}  // namespace envgrid::test
