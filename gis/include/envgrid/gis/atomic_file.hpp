#pragma once
// The one atomic writer. Every output file is written under a temporary name
// beside its target (".partial-PID-N-NAME"), every write checked, then flushed,
// fsync'd and renamed over the target. A failed write (a full disk, a
// read-only folder, a file size limit) throws Error(output) naming the file
// and the system's reason, and leaves neither the temporary nor an empty file
// under the real name.

#include <functional>
#include <string>
#include <string_view>

namespace envgrid::gis {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();  // removes the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);
  // fsync, rename over the target, fsync the folder.
  void commit();
  [[nodiscard]] const std::string& temporary_path() const { return temporary_; }

 private:
  std::string path_;
  std::string temporary_;
  int fd_ = -1;
};

void write_file_atomically(const std::string& path, std::string_view bytes);

// Where a file being made by someone else (SQLite, a GDAL driver writing to
// disk itself) is written until commit_file(): beside path, same folder.
[[nodiscard]] std::string temporary_path_beside(const std::string& path);
// The system's reason why a file beside path cannot take 1 MiB (a full disk,
// a file size limit), or "" when it can: for writers whose own message hides
// the cause (SQLite's).
[[nodiscard]] std::string probe_write_failure(const std::string& path);

// Throws Error(output) with the system's reason (a read-only or missing
// folder) when no file can be made beside path, before any work is done.
void check_folder_writable(const std::string& path);
// fsyncs the finished temporary, renames it over path and fsyncs the folder;
// on failure removes the temporary and throws Error(output) with the reason.
void commit_file(const std::string& temporary, const std::string& path);

// write(temporary) makes and closes a file (a raster a GDAL driver writes
// itself) at the temporary path given, beside path; then it is moved over
// path, or removed when write throws or GDAL reports a failure (a write or
// the closing flush).
void write_beside(const std::string& path, const std::function<void(const std::string&)>& write);

// GDAL drivers that write through VSI streams without checking each write
// (CSV, GeoJSON, GPX, PNG, ...) are given a file in memory (/vsimem/), which
// publish_staged() then writes with AtomicFile, where every write is checked.
[[nodiscard]] std::string staging_path(const std::string& path);
// Moves the closed staged file to path; the staged file is removed either way.
void publish_staged(const std::string& staged, const std::string& path);
// Removes a staged file (and anything the driver made beside it).
void discard_staged(const std::string& staged);
// write(staged) makes and closes a GDAL file at the staged path given; then it
// is published at path, or discarded when write throws.
void write_staged(const std::string& path, const std::function<void(const std::string&)>& write);

}  // namespace envgrid::gis
