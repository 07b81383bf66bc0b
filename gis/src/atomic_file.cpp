// Atomic file writes: a temporary beside the target, checked writes, fsync,
// rename. The system's reason (strerror) goes into every message.

#include "envgrid/gis/atomic_file.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"

namespace envgrid::gis {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& doing, int error) {
  throw_output_error(doing + ": " + std::strerror(error),
                     {.step = current_step(), .dataset = path});
}

void sync_fd(int fd, const std::string& path) {
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    fail(path, "cannot flush to disk", errno);
}

// A rename is durable once the folder's entry is on disk.
void sync_folder(const fs::path& file) {
  const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// A device, FIFO or other non-regular file (/dev/stdout, /dev/full) is
// written in place: renaming over it would replace the device itself.
bool is_special_file(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode);
}

// A symbolic link is followed, so that the file it names is replaced, not the link.
std::string link_target(const std::string& path) {
  std::error_code error;
  if (!fs::is_symlink(path, error)) return path;
  const fs::path target = fs::weakly_canonical(path, error);
  return error ? path : target.string();
}

}  // namespace

std::string temporary_path_beside(const std::string& path) {
  static std::atomic<int> counter{0};
  const fs::path target(path);
  // The name ends like the target's: drivers check the extension.
  return (target.parent_path() / (".partial-" + std::to_string(::getpid()) + "-" +
                                  std::to_string(counter++) + "-" + target.filename().string()))
      .string();
}

std::string probe_write_failure(const std::string& path) {
  const std::string probe = temporary_path_beside(path);
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return std::strerror(errno);
  const std::string block(std::size_t{1} << 16, '\0');
  std::string reason;
  // A short write is followed by one more, which fails with the reason.
  for (std::size_t total = 0; total < (std::size_t{1} << 20) && reason.empty();) {
    const ssize_t written = ::write(fd, block.data(), block.size());
    if (written < 0) reason = std::strerror(errno);
    if (written == 0) reason = std::strerror(ENOSPC);
    if (written > 0) total += static_cast<std::size_t>(written);
  }
  ::close(fd);
  ::unlink(probe.c_str());
  return reason;
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (is_special_file(path_)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) fail(path_, "cannot open", errno);
    return;
  }
  temporary_ = temporary_path_beside(link_target(path_));
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) fail(path_, "cannot create a file in its folder", errno);
}

AtomicFile::~AtomicFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail(path_, "cannot write", written < 0 ? errno : ENOSPC);
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void AtomicFile::commit() {
  sync_fd(fd_, path_);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int error = errno;
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    fail(path_, "cannot write", error);
  }
  if (!temporary_.empty()) commit_file(temporary_, link_target(path_));
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
  AtomicFile file(path);
  file.write(bytes);
  file.commit();
}

void check_folder_writable(const std::string& path) {
  if (is_special_file(path)) return;
  const std::string probe = temporary_path_beside(path);
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail(path, "cannot create a file in its folder", errno);
  ::close(fd);
  ::unlink(probe.c_str());
}

void commit_file(const std::string& temporary, const std::string& path) {
  if (is_special_file(path)) {
    ::unlink(temporary.c_str());
    throw_output_error("not a regular file: this format can only be written to a file",
                       {.step = current_step(), .dataset = path});
  }
  const int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    const bool synced = ::fsync(fd) == 0 || errno == EINVAL || errno == EROFS;
    const int error = errno;
    ::close(fd);
    if (!synced) {
      ::unlink(temporary.c_str());
      fail(path, "cannot flush to disk", error);
    }
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(path, "cannot move " + temporary + " into place", error);
  }
  sync_folder(path);
}

std::string staging_path(const std::string& path) {
  static std::atomic<int> counter{0};
  const std::string folder = "/vsimem/envgrid-staging/" + std::to_string(counter++);
  // Some drivers (CSV) check that the folder of a new file exists.
  VSIMkdirRecursive(folder.c_str(), 0755);
  return folder + "/" + fs::path(path).filename().string();
}

void publish_staged(const std::string& staged, const std::string& path) {
  vsi_l_offset size = 0;
  // FALSE: the buffer stays owned by the memory file, removed below.
  GByte* bytes = VSIGetMemFileBuffer(staged.c_str(), &size, FALSE);
  if (!bytes) {
    discard_staged(staged);
    throw_output_error("nothing was written", {.step = current_step(), .dataset = path});
  }
  try {
    write_file_atomically(path,
                          {reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size)});
  } catch (...) {
    discard_staged(staged);
    throw;
  }
  discard_staged(staged);
}

void write_staged(const std::string& path, const std::function<void(const std::string&)>& write) {
  const std::string staged = staging_path(path);
  try {
    write(staged);
  } catch (...) {
    discard_staged(staged);
    throw;
  }
  publish_staged(staged, path);
}

void write_beside(const std::string& path, const std::function<void(const std::string&)>& write) {
  check_folder_writable(path);
  const std::string temporary = temporary_path_beside(path);
  CPLErrorReset();
  try {
    write(temporary);
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  if (CPLGetLastErrorType() >= CE_Failure) {
    const std::string reason = CPLGetLastErrorMsg();
    ::unlink(temporary.c_str());
    throw_output_error("cannot write: " + reason, {.step = current_step(), .dataset = path});
  }
  commit_file(temporary, path);
}

void discard_staged(const std::string& staged) {
  VSIRmdirRecursive(fs::path(staged).parent_path().c_str());
}

}  // namespace envgrid::gis
