#pragma once
// The stored network's arrays as named byte blocks (one row of the
// reach_network table each): made from a built Network, and read back into
// a StoredNetwork. Private to the hydro library.

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "envgrid/hydro/navigate.hpp"
#include "envgrid/hydro/stored_network.hpp"

namespace envgrid::hydro::detail {

struct StoredPart {
  std::string name;
  std::string bytes;  // the array's elements back to back, in the machine's byte order
};

// How the byte_order part read from a store compares with this machine.
enum class ByteOrder { same, swapped, unreadable };
[[nodiscard]] ByteOrder byte_order_of(const void* data, std::size_t size);

// Every array of the network, for writing.
[[nodiscard]] std::vector<StoredPart> stored_parts(const Network& net);

// The names of the parts a trace of this mode reads (measures: with the
// distances and times of its steps).
[[nodiscard]] std::vector<std::string> parts_for(TraceMode mode, bool measures);

// Puts a part read from the store into its array of net, data kept alive by
// owner; false when the name is unknown or the size is not a whole number
// of elements.
[[nodiscard]] bool take_part(StoredNetwork& net, const std::string& name,
                             std::shared_ptr<const void> owner, const void* data, std::size_t size);

// Whether the arrays loaded for the mode agree with each other and with
// reach_count (a damaged or half-written stored network is not used).
[[nodiscard]] bool consistent(const StoredNetwork& net, TraceMode mode, bool measures);

}  // namespace envgrid::hydro::detail
