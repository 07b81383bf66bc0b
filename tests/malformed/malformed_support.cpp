#include "malformed_support.hpp"

#include <fcntl.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "envgrid/gis/gdal_handles.hpp"
#include "envgrid/gis/log.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define ENVGRID_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ENVGRID_UNDER_ASAN 1
#endif
#endif

namespace envgrid::test {

namespace {

// 4 GiB of address space: GDAL, PROJ and OpenCV with two worker threads
// reserve well under 1 GiB; a buffer sized from a forged header does not fit.
constexpr rlim_t address_space_limit = rlim_t{4} << 30;

// The largest peak memory and the longest run over all inputs, for docs/testing.md.
long g_largest_peak_rss_mib = 0;
double g_longest_run_s = 0;

struct PrintTotal {
  ~PrintTotal() {
    std::printf("malformed inputs tried: %zu; largest peak RSS %ld MiB; longest run %.1f s\n",
                malformed_inputs_tried(), g_largest_peak_rss_mib, g_longest_run_s);
  }
} print_total_at_exit;

}  // namespace

std::size_t& malformed_inputs_tried() {
  static std::size_t count = 0;
  return count;
}

BoundedRun run_bounded(const std::vector<std::string>& args, const std::string& stdin_text,
                       int timeout_s) {
  TempDir io;
  const std::string in_path = io.file("stdin"), err_path = io.file("stderr");
  write_bytes(in_path, stdin_text);
  std::vector<std::string> argv_storage{ENVGRID_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    const int in = open(in_path.c_str(), O_RDONLY);
    const int out = open("/dev/null", O_WRONLY);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
#ifndef ENVGRID_UNDER_ASAN
    const rlimit limit{address_space_limit, address_space_limit};
    setrlimit(RLIMIT_AS, &limit);
#endif
    execv(argv[0], argv.data());
    _exit(127);
  }
  BoundedRun run;
  int status = 0;
  rusage usage{};
  while (true) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(timeout_s)) {
      run.timed_out = true;
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.peak_rss_mib = usage.ru_maxrss / 1024;
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  run.err = file_bytes(err_path);
  return run;
}

void expect_clean(const BoundedRun& run, const std::string& what, const std::string& names) {
  ++malformed_inputs_tried();
  g_largest_peak_rss_mib = std::max(g_largest_peak_rss_mib, run.peak_rss_mib);
  g_longest_run_s = std::max(g_longest_run_s, run.seconds);
  EXPECT_FALSE(run.timed_out) << what << ": still running after " << run.seconds << " s";
  EXPECT_EQ(run.signal, 0) << what << ": killed by signal " << run.signal << " ("
                           << strsignal(run.signal) << ")\n"
                           << run.err;
  EXPECT_LE(run.peak_rss_mib, peak_rss_limit_mib)
      << what << ": peak memory " << run.peak_rss_mib << " MiB";
  // 0 done, 1 done with problems reported, 2 usage (e.g. a source of the
  // wrong geometry kind), 100 input refused. 102 is a bug; 101 (output) and
  // 127 (not started) are not answers to a bad input either.
  const bool documented =
      run.exit_code == 0 || run.exit_code == 1 || run.exit_code == 2 || run.exit_code == 100;
  EXPECT_TRUE(run.signal != 0 || documented) << what << ": exit code " << run.exit_code << "\n"
                                             << run.err;
  if (run.exit_code != 0 && run.signal == 0) {
    EXPECT_NE(run.err.find(names), std::string::npos)
        << what << ": the message does not name '" << names << "':\n"
        << run.err;
  }
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

std::string bit_flipped(std::string bytes, std::uint32_t seed, int flips, std::size_t from,
                        std::size_t to) {
  std::mt19937 random(seed);
  to = std::min(to, bytes.size());
  if (to <= from) return bytes;
  std::uniform_int_distribution<std::size_t> position(from, to - 1);
  for (int i = 0; i < flips; ++i) bytes[position(random)] ^= static_cast<char>(1 << (random() % 8));
  return bytes;
}

std::string name_of(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::vector<std::string> truncated_and_flipped(const TempDir& dir, const std::string& good,
                                               const std::string& extension,
                                               std::size_t header_bytes) {
  std::vector<std::string> paths;
  const std::string bytes = file_bytes(good);
  auto add = [&](const std::string& name, const std::string& content) {
    paths.push_back(dir.file(name + extension));
    write_bytes(paths.back(), content);
  };
  for (int percent : {90, 50, 10}) {
    add("truncated_" + std::to_string(percent) + "_percent",
        bytes.substr(0, bytes.size() * percent / 100));
  }
  for (std::size_t size : {100, 8, 2, 0})
    add("truncated_" + std::to_string(size) + "_bytes", bytes.substr(0, size));
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    add("flipped_header_" + std::to_string(seed), bit_flipped(bytes, seed, 8, 2, header_bytes));
    add("flipped_anywhere_" + std::to_string(seed), bit_flipped(bytes, seed + 100, 48));
  }
  return paths;
}

namespace {

void set_utm50n(GDALDataset& dataset, double origin_x, double origin_y, double pixel_m) {
  double transform[6] = {origin_x, pixel_m, 0, origin_y, 0, -pixel_m};
  dataset.SetGeoTransform(transform);
  OGRSpatialReference srs;
  srs.importFromEPSG(32650);
  dataset.SetSpatialRef(&srs);
}

}  // namespace

void write_geotiff(const std::string& path, int width_px, int height_px, bool tiled) {
  gis::initialize_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList options;
  if (tiled) {
    options.SetNameValue("TILED", "YES");
    options.SetNameValue("BLOCKXSIZE", "64");
    options.SetNameValue("BLOCKYSIZE", "64");
  }
  gis::DatasetPtr dataset(
      driver->Create(path.c_str(), width_px, height_px, 3, GDT_Byte, options.List()));
  if (!dataset) throw std::runtime_error("cannot create " + path);
  set_utm50n(*dataset, 500000, 3400000, 0.1);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width_px) * height_px);
  for (int band = 1; band <= 3; ++band) {
    for (int row = 0; row < height_px; ++row) {
      for (int column = 0; column < width_px; ++column) {
        // A dark river band across bright banks, with a bright square on it.
        const bool river = row > height_px / 3 && row < 2 * height_px / 3;
        const bool square = river && column > width_px / 4 && column < width_px / 3;
        pixels[static_cast<std::size_t>(row) * width_px + column] =
            static_cast<unsigned char>(square  ? 240
                                       : river ? 40 + band * 10
                                               : 180 - band * 20);
      }
    }
    if (dataset->GetRasterBand(band)->RasterIO(GF_Write, 0, 0, width_px, height_px, pixels.data(),
                                               width_px, height_px, GDT_Byte, 0, 0) != CE_None) {
      throw std::runtime_error("cannot fill " + path);
    }
  }
}

namespace {

// A little-endian TIFF directory entry and the bytes of its value.
struct TiffEntry {
  std::uint16_t tag, type;
  std::uint32_t count;
  std::string value;  // already little-endian
};

template <typename T>
std::string little_endian(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);  // x86: LE
  return out;
}

std::string tiff_file(std::vector<TiffEntry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const TiffEntry& a, const TiffEntry& b) { return a.tag < b.tag; });
  const std::uint32_t ifd_offset = 8;
  std::string out = "II";
  out += little_endian<std::uint16_t>({42});
  out += little_endian<std::uint32_t>({ifd_offset});
  std::string directory =
      little_endian<std::uint16_t>({static_cast<std::uint16_t>(entries.size())});
  std::string data;
  const std::uint32_t data_offset =
      ifd_offset + 2 + 12 * static_cast<std::uint32_t>(entries.size()) + 4;
  for (const auto& entry : entries) {
    directory += little_endian<std::uint16_t>({entry.tag, entry.type});
    directory += little_endian<std::uint32_t>({entry.count});
    if (entry.value.size() <= 4) {
      std::string inline_value = entry.value;
      inline_value.resize(4, '\0');
      directory += inline_value;
    } else {
      directory +=
          little_endian<std::uint32_t>({data_offset + static_cast<std::uint32_t>(data.size())});
      data += entry.value;
      if (data.size() % 2) data += '\0';
    }
  }
  directory += little_endian<std::uint32_t>({0});
  return out + directory + data;
}

constexpr std::uint16_t tiff_short = 3, tiff_long = 4, tiff_double = 12;

}  // namespace

void write_tiff_claiming(const std::string& path, std::uint32_t width_px, std::uint32_t height_px,
                         bool tiled) {
  const std::uint32_t past_end = 1u << 20;  // the file is a few hundred bytes long
  std::vector<TiffEntry> entries{
      {256, tiff_long, 1, little_endian<std::uint32_t>({width_px})},
      {257, tiff_long, 1, little_endian<std::uint32_t>({height_px})},
      {258, tiff_short, 3, little_endian<std::uint16_t>({8, 8, 8})},
      {259, tiff_short, 1, little_endian<std::uint16_t>({1})},
      {262, tiff_short, 1, little_endian<std::uint16_t>({2})},
      {277, tiff_short, 1, little_endian<std::uint16_t>({3})},
      {284, tiff_short, 1, little_endian<std::uint16_t>({1})},
      {33550, tiff_double, 3, little_endian<double>({0.1, 0.1, 0})},
      {33922, tiff_double, 6, little_endian<double>({0, 0, 0, 500000, 3400000, 0})},
      // GTModelType projected, RasterType area, ProjectedCSType 32650.
      {34735, tiff_short, 16,
       little_endian<std::uint16_t>(
           {1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, 32650})}};
  if (tiled) {
    const std::uint32_t tiles = ((width_px + 255) / 256) * ((height_px + 255) / 256);
    entries.push_back({322, tiff_long, 1, little_endian<std::uint32_t>({256})});
    entries.push_back({323, tiff_long, 1, little_endian<std::uint32_t>({256})});
    // The offset and byte-count arrays themselves lie past the end of the file.
    entries.push_back({324, tiff_long, tiles, little_endian<std::uint32_t>({past_end, 0})});
    entries.push_back({325, tiff_long, tiles, little_endian<std::uint32_t>({past_end * 2, 0})});
  } else {
    const std::uint64_t bytes = std::uint64_t{width_px} * height_px * 3;
    entries.push_back({273, tiff_long, 1, little_endian<std::uint32_t>({past_end})});
    entries.push_back({278, tiff_long, 1, little_endian<std::uint32_t>({height_px})});
    entries.push_back({279, tiff_long, 1,
                       little_endian<std::uint32_t>({static_cast<std::uint32_t>(
                           std::min<std::uint64_t>(bytes, 0xFFFFFFFFu))})});
  }
  write_bytes(path, tiff_file(entries));
}

void write_jpeg_claiming(const std::string& path, std::uint16_t width_px, std::uint16_t height_px) {
  std::string jpeg = "\xFF\xD8";
  // One quantisation table of ones.
  jpeg += std::string("\xFF\xDB\x00\x43\x00", 5) + std::string(64, '\x01');
  // SOF0: 8 bits, height, width, 3 components sampled 1x1 on table 0.
  jpeg += std::string("\xFF\xC0\x00\x11\x08", 5);
  jpeg += static_cast<char>(height_px >> 8);
  jpeg += static_cast<char>(height_px & 0xFF);
  jpeg += static_cast<char>(width_px >> 8);
  jpeg += static_cast<char>(width_px & 0xFF);
  jpeg += std::string("\x03\x01\x11\x00\x02\x11\x00\x03\x11\x00", 10);
  jpeg += "\xFF\xD9";
  write_bytes(path, jpeg);
}

void write_gpkg_geometries(const std::string& path, OGRwkbGeometryType type,
                           std::vector<OGRGeometry*> geometries) {
  gis::initialize_gdal();
  std::vector<std::unique_ptr<OGRGeometry>> owned;
  for (OGRGeometry* g : geometries) owned.emplace_back(g);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  gis::DatasetPtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) throw std::runtime_error("cannot create " + path);
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = dataset->CreateLayer("features", &srs, type, nullptr);
  OGRFieldDefn id("id", OFTString);
  layer->CreateField(&id);
  for (std::size_t i = 0; i < owned.size(); ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("id", ("F" + std::to_string(i + 1)).c_str());
    if (owned[i]) feature.SetGeometry(owned[i].get());
    if (layer->CreateFeature(&feature) != OGRERR_NONE)
      throw std::runtime_error("cannot write feature " + std::to_string(i + 1) + " to " + path);
  }
}

void write_gpkg(const std::string& path, OGRwkbGeometryType type,
                const std::vector<std::string>& wkt) {
  std::vector<OGRGeometry*> geometries;
  for (const auto& text : wkt) {
    OGRGeometry* geometry = nullptr;
    if (OGRGeometryFactory::createFromWkt(text.c_str(), nullptr, &geometry) != OGRERR_NONE)
      throw std::runtime_error("bad fixture WKT " + text);
    geometries.push_back(geometry);
  }
  write_gpkg_geometries(path, type, geometries);
}

void run_sqlite(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string error = message ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error(sql + ": " + error);
}

void damage_page(const std::string& path, std::size_t page_number, std::uint32_t seed) {
  std::string bytes = file_bytes(path);
  const unsigned page_field =
      (static_cast<unsigned char>(bytes[16]) << 8) | static_cast<unsigned char>(bytes[17]);
  const std::size_t page_size = page_field == 1 ? 65536 : page_field;
  const std::size_t start = (page_number - 1) * page_size;
  if (start + page_size > bytes.size())
    throw std::runtime_error(path + " has no page " + std::to_string(page_number));
  bytes.replace(start, page_size, random_bytes(page_size, seed));
  write_bytes(path, bytes);
}

}  // namespace envgrid::test
