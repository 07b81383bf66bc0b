#pragma once
// The navigation arrays of a built network, stored in the project store
// beside its reaches (tables reach_network and reach_network_state,
// docs/store.md) so that `hydro trace` reads a few arrays in one block each
// instead of reading every reach and building the network again.
// docs/hydro.md "Stored network" states the design and its limits.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/network.hpp"

namespace envgrid::gis {
class Store;
}

namespace envgrid::hydro {

// Raised whenever the arrays or their meaning change; a stored network of
// another format is never used. 2: with the byte_order part.
inline constexpr std::int64_t stored_network_format = 2;

// The byte_order part: this number as a 32-bit unsigned integer in the
// writing machine's byte order. Read on a machine of the other order it
// reads 0x04030201, and the arrays are not used.
inline constexpr std::uint32_t stored_byte_order_mark = 0x01020304;

// Where a reach's downstream end lies on the way to its outlet.
struct StoredPosition {
  double flow_distance_m = 0;
  double flow_time_s = 0;
};

// An array read from the store, used where it was read to (no copy): the
// buffer is kept alive by owner.
template <typename T>
class StoredArray {
 public:
  StoredArray() = default;
  StoredArray(std::shared_ptr<const void> owner, const T* data, std::size_t size)
      : owner_(std::move(owner)), data_(data), size_(size) {}
  [[nodiscard]] const T& operator[](std::size_t i) const { return data_[i]; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] const T* begin() const { return data_; }
  [[nodiscard]] const T* end() const { return data_ + size_; }
  [[nodiscard]] const T& front() const { return data_[0]; }
  [[nodiscard]] const T& back() const { return data_[size_ - 1]; }

 private:
  std::shared_ptr<const void> owner_;
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

// A network as navigation needs it: reaches by index in the order of the
// reaches layer (as load_network numbers them), nodes by the build's index.
// Loaded for one trace mode: the arrays of the other modes stay empty.
struct StoredNetwork {
  std::size_t reach_count = 0;
  StoredArray<char> id_chars;         // the reach ids, back to back
  StoredArray<std::uint32_t> id_end;  // per reach: where its id ends in id_chars
  // Loops: per loop its reach count and first reach; per reach its loop + 1
  // (0: none; empty when the network has no loop).
  StoredArray<std::uint32_t> loop_size, loop_first, loop_of;
  // UT, by slot (UpstreamRows in network_index.hpp): the reach at each slot,
  // its outlet position, and the slots flowing into it as compressed rows.
  // position stays empty when loaded without measures.
  StoredArray<std::uint32_t> reach_at, up_first, up_slots;
  StoredArray<StoredPosition> position;
  // UM, DM, DD, by reach and node (Network's fields of the same names).
  StoredArray<std::uint32_t> from_vertex, to_vertex, in_first, in_reaches, out_first, out_reaches,
      main_out, levelpath;
  StoredArray<std::int8_t> divergence;
  StoredArray<double> length_m, flow_distance_m, flow_time_s, travel_time_s;

  [[nodiscard]] std::string_view id(std::size_t r) const {
    const std::uint32_t begin = r == 0 ? 0 : id_end[r - 1];
    return {id_chars.begin() + begin, id_end[r] - begin};
  }
  [[nodiscard]] std::optional<std::size_t> find(std::string_view reach_id) const;
};

// The same walk as trace(const Network&, ...), over the stored arrays: the
// same steps in the same order, with the same measures when loaded with
// them (0 otherwise). REQUIRES: loaded for options.mode, and with measures
// when options has a limit.
[[nodiscard]] TraceResult trace(const StoredNetwork& net, std::size_t start,
                                const TraceOptions& options);

// Writes the network's arrays (nullptr: none, to be stored later by
// store_network) with the fingerprint of the store's reaches layer, and the
// triggers that count its edits. REQUIRES: inside store.transaction(), after
// the reaches layer was written from net.
void write_stored_network(const Network* net, gis::Store& store);

// Makes the stored network's tables and edit triggers when missing, and
// returns the count of edits of the store's reaches: taken before reading
// the reaches to build a network, and given to store_network. nullopt when
// path is not a store, or (with a log line) cannot be written.
[[nodiscard]] std::optional<std::int64_t> prepare_stored_network(const std::string& path);

// Stores net, built from the store's reaches when their edit count was
// edits_seen, unless they were edited since. False (with a log line when
// the store could not be written) when not stored.
bool store_network(const std::string& path, const Network& net, std::int64_t edits_seen);

// The stored network of the store at path, loaded for the mode, when it
// matches the reaches layer (format, edit triggers in place, no edit since it
// was written, same highest fid); otherwise nullopt, logging why. nullopt
// without a word when path is not a project store. measures: also the
// distances and times of the steps (an upstream trace without them reads 40%
// less).
[[nodiscard]] std::optional<StoredNetwork> load_stored_network(const std::string& path,
                                                               TraceMode mode,
                                                               bool measures = true);

// The fingerprint of the store's reaches: changes whenever a reach is
// added, removed or edited (while the edit triggers exist; "" when they do
// not, which matches nothing). For caches of a network built from them.
[[nodiscard]] std::string reaches_fingerprint(gis::Store& store);

}  // namespace envgrid::hydro
