// read_csv_points: CSV rows straight from the mapped file (see
// vector_reader_csv.hpp). A record is what GDAL's CSVReadParseLine makes of
// the file: a line, joined with the next ones ("\n" between) while its count
// of double quotes is odd; so a newline ends a record exactly when the count
// of quotes before it is even, which lets each thread find the records of
// its own part of the file from the quote count of the parts before it.

#include "vector_reader_csv.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/gis/parallel.hpp"

namespace envgrid::gis::detail {

namespace {

constexpr std::size_t max_record_bytes = 1 << 20;
constexpr std::size_t min_bytes_per_thread = 1 << 20;

class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
      void* data =
          ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (data != MAP_FAILED) {
        data_ = static_cast<const char*>(data);
        size_ = static_cast<std::size_t>(info.st_size);
        ::madvise(data, size_, MADV_SEQUENTIAL);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  [[nodiscard]] std::string_view text() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

// The layer as GDAL sees it is one the direct path reproduces: a local CSV
// file, no geometry, every field a plain string (no .csvt types).
bool is_plain_csv(GDALDataset& dataset, OGRLayer& layer) {
  if (!CPLTestBool(CPLGetConfigOption("ENVGRID_DIRECT_CSV", "YES"))) return false;
  const GDALDriver* driver = dataset.GetDriver();
  if (!driver || !EQUAL(driver->GetDescription(), "CSV")) return false;
  if (STARTS_WITH(dataset.GetDescription(), "/vsi")) return false;
  OGRFeatureDefn& definition = *layer.GetLayerDefn();
  if (definition.GetGeomFieldCount() != 0) return false;
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    const OGRFieldDefn& field = *definition.GetFieldDefn(i);
    if (field.GetType() != OFTString || field.GetSubType() != OFSTNone) return false;
  }
  return true;
}

// The header line (without a BOM) names the fields exactly as GDAL did:
// then GDAL took it as the header, with a comma between fields.
bool header_matches(std::string_view header, OGRFeatureDefn& definition) {
  if (header.find('"') != std::string_view::npos) return false;
  int field = 0;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = header.find(',', begin);
    const std::string_view name = header.substr(begin, comma - begin);
    if (field >= definition.GetFieldCount() || name != definition.GetFieldDefn(field)->GetNameRef())
      return false;
    ++field;
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return field == definition.GetFieldCount();
}

// Bytes GDAL's line reader treats differently from a plain split on "\n":
// control bytes (NUL ends a line early), a CR not followed by LF (a line end
// of its own), a backslash before a quote (not counted as a quote).
bool has_unusual_bytes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20) {
      if (c == '\\' && i + 1 < text.size() && text[i + 1] == '"') return true;
      if (c == 0xEF && (i == 0 || text[i - 1] == '\n')) return true;  // a BOM GDAL would skip
      continue;
    }
    if (c == '\n' || c == '\t') continue;
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    return true;
  }
  return false;
}

// The fields of one record, as GDAL's CSVSplitLine splits it: a double quote
// anywhere toggles quoting, two in a row inside quotes give one, a comma
// outside quotes ends a field, a comma at the very end adds an empty field.
class RecordSplitter {
 public:
  // False when the record ends inside quotes (then GDAL's split differs).
  bool split(std::string_view record) {
    fields_.clear();
    if (record.find('"') == std::string_view::npos) {
      std::size_t begin = 0;
      while (true) {
        const std::size_t comma = record.find(',', begin);
        fields_.push_back(record.substr(begin, comma - begin));
        if (comma == std::string_view::npos) return true;
        begin = comma + 1;
      }
    }
    return split_quoted(record);
  }
  [[nodiscard]] std::string_view field(int index) const {
    return index < static_cast<int>(fields_.size()) ? fields_[static_cast<std::size_t>(index)]
                                                    : std::string_view{};
  }
  [[nodiscard]] bool has(int index) const { return index < static_cast<int>(fields_.size()); }

 private:
  bool split_quoted(std::string_view record) {
    unquoted_.assign(record.size() + 1, '\0');  // never reallocated: fields point into it
    char* out = unquoted_.data();
    std::size_t i = 0;
    bool quoted = false;
    while (i < record.size()) {
      quoted = false;
      char* const field_begin = out;
      for (; i < record.size(); ++i) {
        const char c = record[i];
        if (!quoted && c == ',') {
          ++i;
          break;
        }
        if (c == '"') {
          if (!quoted || i + 1 >= record.size() || record[i + 1] != '"') {
            quoted = !quoted;
            continue;
          }
          ++i;
        }
        *out++ = record[i];
      }
      fields_.emplace_back(field_begin, static_cast<std::size_t>(out - field_begin));
      if (i == record.size() && record[i - 1] == ',') fields_.emplace_back();
    }
    return !quoted;
  }

  std::vector<std::string_view> fields_;
  std::string unquoted_;
};

// What one thread reads: the records starting in its part of the file.
struct Part {
  std::string_view text;       // from a line start to the end of the file
  std::size_t length = 0;      // records starting at text[0, length) belong to it
  bool quotes_before = false;  // an odd number of quotes before text
  // Read:
  bool ok = true;
  std::vector<std::string> ids;
  std::vector<double> xs, ys;
  std::vector<std::string> problems;
  std::vector<std::vector<FieldValue>> attributes;
};

class PartReader {
 public:
  PartReader(const CsvColumns& columns, const CoordinateColumns& names, Part& part)
      : columns_(columns), names_(names), part_(part) {
    part_.attributes.resize(columns.column_fields.size());
  }

  void run() {
    const std::string_view text = part_.text;
    std::size_t at = 0;
    if (part_.quotes_before) at = skip_open_record(text);
    while (part_.ok && at < part_.length && at < text.size()) {
      at = read_record(text, at);
    }
  }

 private:
  // Past the end of the record open at text[0] (it belongs to the part before).
  std::size_t skip_open_record(std::string_view text) {
    bool odd = true;
    std::size_t at = 0;
    while (odd && at < text.size()) {
      std::size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      odd ^= (std::count(text.begin() + static_cast<std::ptrdiff_t>(at),
                         text.begin() + static_cast<std::ptrdiff_t>(end), '"') %
              2) != 0;
      at = end + 1;
    }
    return at;
  }

  static std::string_view line_at(std::string_view text, std::size_t at, std::size_t& next) {
    std::size_t end = text.find('\n', at);
    next = end == std::string_view::npos ? text.size() : end + 1;
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

  // Reads the record at text[at]; returns where the next one starts.
  std::size_t read_record(std::string_view text, std::size_t at) {
    std::size_t next = 0;
    std::string_view record = line_at(text, at, next);
    if (std::count(record.begin(), record.end(), '"') % 2 != 0) {
      joined_.assign(record);
      bool odd = true;
      while (odd) {
        if (next >= text.size() || joined_.size() > max_record_bytes) {
          part_.ok = false;  // an unclosed quote runs to the end of the file
          return next;
        }
        const std::string_view line = line_at(text, next, next);
        joined_ += '\n';
        joined_.append(line);
        odd ^= (std::count(line.begin(), line.end(), '"') % 2) != 0;
      }
      record = joined_;
    }
    if (record.size() > max_record_bytes) {
      part_.ok = false;
      return next;
    }
    if (record.empty()) return next;  // GDAL skips empty lines, without a FID
    if (!splitter_.split(record)) {
      part_.ok = false;
      return next;
    }
    add_row();
    return next;
  }

  void add_row() {
    if (columns_.id_index >= 0) part_.ids.emplace_back(splitter_.field(columns_.id_index));
    double x = 0, y = 0;
    std::string problem;
    parse_coordinate_pair(splitter_.field(columns_.x_index), splitter_.field(columns_.y_index),
                          names_, x, y, problem);
    part_.xs.push_back(x);
    part_.ys.push_back(y);
    part_.problems.push_back(std::move(problem));
    for (std::size_t c = 0; c < columns_.column_fields.size(); ++c) {
      const int field = columns_.column_fields[c];
      part_.attributes[c].push_back(
          splitter_.has(field) ? FieldValue(std::string(splitter_.field(field))) : FieldValue());
    }
  }

  const CsvColumns& columns_;
  const CoordinateColumns& names_;
  Part& part_;
  RecordSplitter splitter_;
  std::string joined_;
};

// Splits body into parts starting at line starts, one per thread.
std::vector<Part> make_parts(std::string_view body) {
  const std::size_t threads = std::min<std::size_t>(hardware_threads(), 8);
  const std::size_t count = std::clamp<std::size_t>(body.size() / min_bytes_per_thread, 1, threads);
  std::vector<std::size_t> starts{0};
  for (std::size_t k = 1; k < count; ++k) {
    const std::size_t newline = body.find('\n', k * body.size() / count);
    if (newline == std::string_view::npos) break;
    if (newline + 1 > starts.back() && newline + 1 < body.size()) starts.push_back(newline + 1);
  }
  std::vector<Part> parts(starts.size());
  std::size_t quotes = 0;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : body.size();
    parts[k].text = body.substr(starts[k]);
    parts[k].length = end - starts[k];
    parts[k].quotes_before = quotes % 2 != 0;
    quotes +=
        static_cast<std::size_t>(std::count(body.begin() + static_cast<std::ptrdiff_t>(starts[k]),
                                            body.begin() + static_cast<std::ptrdiff_t>(end), '"'));
  }
  return parts;
}

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  std::vector<T>().swap(from);
}

void collect(std::vector<Part>& parts, const CsvColumns& columns, FeatureTable& table) {
  std::size_t rows = 0;
  for (const auto& part : parts) rows += part.xs.size();
  table.rows.reserve(rows);
  table.ids.reserve(rows);
  table.xs.reserve(rows);
  table.ys.reserve(rows);
  table.problems.reserve(rows);
  for (auto& column : table.attributes) column.values.reserve(rows);
  for (auto& part : parts) {
    append(table.xs, part.xs);
    append(table.ys, part.ys);
    append(table.problems, part.problems);
    if (columns.id_index >= 0) append(table.ids, part.ids);
    for (std::size_t c = 0; c < table.attributes.size(); ++c) {
      append(table.attributes[c].values, part.attributes[c]);
    }
  }
  for (std::size_t i = 0; i < rows; ++i) {
    table.rows.push_back(static_cast<std::int64_t>(i + 1));
    if (columns.id_index < 0) table.ids.push_back(std::to_string(i + 1));
  }
}

}  // namespace

bool read_csv_points(GDALDataset& dataset, OGRLayer& layer, const CsvColumns& columns,
                     FeatureTable& table) {
  if (!is_plain_csv(dataset, layer)) return false;
  auto file = std::make_unique<MappedFile>(dataset.GetDescription());
  std::string_view text = file->text();
  if (text.empty()) return false;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t body_start = text.find('\n');
  if (body_start == std::string_view::npos) return false;
  std::string_view header = text.substr(0, body_start);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  OGRFeatureDefn& definition = *layer.GetLayerDefn();
  if (has_unusual_bytes(header) || !header_matches(header, definition)) return false;

  const std::string_view body = text.substr(body_start + 1);
  std::vector<Part> parts = make_parts(body);
  const CoordinateColumns names{definition.GetFieldDefn(columns.x_index)->GetNameRef(),
                                definition.GetFieldDefn(columns.y_index)->GetNameRef()};
  std::vector<char> unusual(parts.size(), 0);
  run_on_threads(parts.size(), [&](std::size_t k) {
    unusual[k] = has_unusual_bytes(parts[k].text.substr(0, parts[k].length + 1));
    if (!unusual[k]) PartReader(columns, names, parts[k]).run();
  });
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (unusual[k] || !parts[k].ok) return false;
  }
  file.reset();  // the rows are parsed: the file's pages leave the peak memory
  collect(parts, columns, table);
  return true;
}

}  // namespace envgrid::gis::detail
