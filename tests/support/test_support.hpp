#pragma once
// Helpers shared by the test programs: temporary directories, running the
// envgrid binary, and locating ../shared real data (tests that need it skip
// with a message when it is absent).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace envgrid::test {

// A fresh directory under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs build/bin/envgrid with args (no shell), feeding stdin_text.
[[nodiscard]] RunResult run_envgrid(const std::vector<std::string>& args,
                                    const std::string& stdin_text = "");

// build/bin/envgrid running in the background with stdout and stderr on
// pipes, for tests that kill it midway. The destructor kills it if it still
// runs.
class EnvgridProcess {
 public:
  explicit EnvgridProcess(const std::vector<std::string>& args);
  ~EnvgridProcess();
  EnvgridProcess(const EnvgridProcess&) = delete;
  EnvgridProcess& operator=(const EnvgridProcess&) = delete;

  // Reads stdout (or stderr) until text appears (true) or the stream ends
  // (false); what was read stays in out() (err()).
  bool wait_for_out(const std::string& text);
  bool wait_for_err(const std::string& text);
  // SIGKILL (a no-op when it has already exited), then reaps it and reads
  // what is left on both pipes. Returns the wait status.
  int kill_now();
  // Waits for it to exit on its own, reading both pipes. Returns the wait status.
  int wait_exit();
  [[nodiscard]] const std::string& out() const { return out_; }
  [[nodiscard]] const std::string& err() const { return err_; }

 private:
  int reap(bool kill_first);

  int pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
};

[[nodiscard]] std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

// `envgrid import PROJECT --layer LAYER CSV --s-srs SRS`; a failure fails the
// calling test, naming the layer.
void import_layer(const std::string& project, const std::string& layer, const std::string& csv,
                  const std::string& srs = "EPSG:4490");

// `envgrid init LOCATION`, then one 4 km supervision cell C1 (manager wang,
// 114-114.04 E, 30-30.04 N) and the enterprises of enterprises_csv (columns
// as the enterprises layer takes them, points given by lon and lat).
void make_one_cell_project(const std::string& location, const TempDir& dir,
                           const std::string& enterprises_csv);

// ../shared/data/real next to the checkout, or nullopt when absent.
[[nodiscard]] std::optional<std::filesystem::path> shared_real_data();
// The PostGIS test database (ENVGRID_TEST_PG, "PG:..."), or nullopt.
[[nodiscard]] std::optional<std::string> test_postgis();
// Number of open file descriptors of this process.
[[nodiscard]] int open_fd_count();

[[nodiscard]] std::filesystem::path source_dir();

}  // namespace envgrid::test
