// The stored network's arrays: made from a Network, read back, checked.

#include "stored_arrays.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "network_index.hpp"

namespace envgrid::hydro::detail {

namespace {

constexpr std::uint32_t none = UINT32_MAX;

template <typename T>
StoredPart part(std::string name, const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return {std::move(name), std::move(bytes)};
}

std::uint32_t narrow(std::size_t value) {
  return value == no_reach ? none : static_cast<std::uint32_t>(value);
}

template <typename Range>
std::vector<std::uint32_t> narrowed(const Range& values) {
  std::vector<std::uint32_t> out;
  out.reserve(values.size());
  for (std::size_t v : values) out.push_back(narrow(v));
  return out;
}

void add_ids_and_loops(const Network& net, std::vector<StoredPart>& parts) {
  std::string chars;
  std::vector<std::uint32_t> end;
  end.reserve(net.reaches.size());
  for (const Reach& r : net.reaches) {
    chars += r.id;
    end.push_back(narrow(chars.size()));
  }
  parts.push_back({"id_chars", std::move(chars)});
  parts.push_back(part("id_end", end));
  std::vector<std::uint32_t> size, first, loop_of;
  for (const auto& loop : net.report.loops) {
    size.push_back(narrow(loop.size()));
    first.push_back(narrow(net.find(loop.front()).value_or(no_reach)));
  }
  if (!size.empty()) {
    loop_of.reserve(net.reaches.size());
    for (const Reach& r : net.reaches) loop_of.push_back(r.loop ? narrow(*r.loop + 1) : 0);
  }
  parts.push_back(part("loop_size", size));
  parts.push_back(part("loop_first", first));
  parts.push_back(part("loop_of", loop_of));
}

void add_upstream_rows(const Network& net, std::vector<StoredPart>& parts) {
  const UpstreamRows& rows = net.index->upstream;
  std::vector<std::uint32_t> reach_at(rows.slot_of.size());
  for (std::size_t r = 0; r < rows.slot_of.size(); ++r) reach_at[rows.slot_of[r]] = narrow(r);
  std::vector<StoredPosition> position(reach_at.size());
  for (std::size_t slot = 0; slot < reach_at.size(); ++slot) {
    const OutletPosition& p = net.index->outlet_position[reach_at[slot]];
    position[slot] = {p.flow_distance_m, p.flow_time_s};
  }
  std::vector<std::uint32_t> slots;
  slots.reserve(rows.entries.size());
  for (const UpstreamRows::Entry& e : rows.entries) slots.push_back(narrow(e.slot));
  parts.push_back(part("reach_at", reach_at));
  parts.push_back(part("position", position));
  parts.push_back(part("up_first", narrowed(rows.first)));
  parts.push_back(part("up_slots", slots));
}

void add_reach_arrays(const Network& net, std::vector<StoredPart>& parts) {
  std::vector<double> length, distance, flow_time, travel_time;
  std::vector<std::int8_t> divergence;
  std::vector<std::uint32_t> levelpath;
  std::unordered_map<std::string, std::uint32_t> levelpath_key;
  for (const Reach& r : net.reaches) {
    length.push_back(r.length_m);
    distance.push_back(r.flow_distance_m);
    flow_time.push_back(r.flow_time_s);
    travel_time.push_back(r.travel_time_s);
    divergence.push_back(static_cast<std::int8_t>(r.divergence));
    levelpath.push_back(
        levelpath_key.try_emplace(r.levelpath_id, narrow(levelpath_key.size())).first->second);
  }
  parts.push_back(part("length_m", length));
  parts.push_back(part("flow_distance_m", distance));
  parts.push_back(part("flow_time_s", flow_time));
  parts.push_back(part("travel_time_s", travel_time));
  parts.push_back(part("divergence", divergence));
  parts.push_back(part("levelpath", levelpath));
  parts.push_back(part("from_vertex", narrowed(net.from_vertex)));
  parts.push_back(part("to_vertex", narrowed(net.to_vertex)));
  parts.push_back(part("in_first", narrowed(net.inflows.first)));
  parts.push_back(part("in_reaches", narrowed(net.inflows.reaches)));
  parts.push_back(part("out_first", narrowed(net.outflows.first)));
  parts.push_back(part("out_reaches", narrowed(net.outflows.reaches)));
  parts.push_back(part("main_out", narrowed(net.main_out)));
}

// Also refuses a buffer not aligned for T (the store's allocator aligns
// for any type; a copy would be needed otherwise).
template <typename T>
bool assign(StoredArray<T>& out, std::shared_ptr<const void> owner, const void* data,
            std::size_t size) {
  if (size % sizeof(T) != 0 || reinterpret_cast<std::uintptr_t>(data) % alignof(T) != 0)
    return false;
  out = StoredArray<T>(std::move(owner), static_cast<const T*>(data), size / sizeof(T));
  return true;
}

// Compressed rows that start at 0, never go back and end at the size of
// their entries; every entry below limit.
bool valid_rows(const StoredArray<std::uint32_t>& first, std::size_t rows,
                const StoredArray<std::uint32_t>& entries, std::size_t limit) {
  if (first.size() != rows + 1 || first.front() != 0 || first.back() != entries.size())
    return false;
  if (!std::is_sorted(first.begin(), first.end())) return false;
  return std::all_of(entries.begin(), entries.end(), [&](std::uint32_t e) { return e < limit; });
}

bool valid_ids_and_loops(const StoredNetwork& net) {
  const std::size_t n = net.reach_count;
  if (net.id_end.size() != n || !std::is_sorted(net.id_end.begin(), net.id_end.end()) ||
      (n > 0 && net.id_end.back() != net.id_chars.size()))
    return false;
  if (net.loop_first.size() != net.loop_size.size()) return false;
  if (!net.loop_size.empty() && net.loop_of.size() != n) return false;
  return std::all_of(net.loop_first.begin(), net.loop_first.end(),
                     [&](std::uint32_t r) { return r < n; }) &&
         std::all_of(net.loop_of.begin(), net.loop_of.end(),
                     [&](std::uint32_t l) { return l <= net.loop_size.size(); });
}

bool valid_reach_arrays(const StoredNetwork& net) {
  const std::size_t n = net.reach_count;
  for (const auto* values :
       {&net.length_m, &net.flow_distance_m, &net.flow_time_s, &net.travel_time_s}) {
    if (values->size() != n) return false;
  }
  if (net.divergence.size() != n || net.levelpath.size() != n || net.from_vertex.size() != n ||
      net.to_vertex.size() != n)
    return false;
  const std::size_t nodes = net.main_out.size();
  auto node = [&](std::uint32_t v) { return v < nodes; };
  if (!std::all_of(net.from_vertex.begin(), net.from_vertex.end(), node) ||
      !std::all_of(net.to_vertex.begin(), net.to_vertex.end(), node))
    return false;
  if (!std::all_of(net.main_out.begin(), net.main_out.end(),
                   [&](std::uint32_t r) { return r == none || r < n; }))
    return false;
  return valid_rows(net.in_first, nodes, net.in_reaches, n) &&
         valid_rows(net.out_first, nodes, net.out_reaches, n);
}

}  // namespace

std::vector<StoredPart> stored_parts(const Network& net) {
  std::vector<StoredPart> parts;
  parts.push_back(part("byte_order", std::vector<std::uint32_t>{stored_byte_order_mark}));
  add_ids_and_loops(net, parts);
  add_upstream_rows(net, parts);
  add_reach_arrays(net, parts);
  return parts;
}

std::vector<std::string> parts_for(TraceMode mode, bool measures) {
  std::vector<std::string> names = {"byte_order", "id_chars",   "id_end",
                                    "loop_size",  "loop_first", "loop_of"};
  if (mode == TraceMode::upstream_tributaries) {
    names.insert(names.end(), {"reach_at", "up_first", "up_slots"});
    if (measures) names.push_back("position");
  } else {
    names.insert(names.end(), {"length_m", "flow_distance_m", "flow_time_s", "travel_time_s",
                               "divergence", "levelpath", "from_vertex", "to_vertex", "in_first",
                               "in_reaches", "out_first", "out_reaches", "main_out"});
  }
  return names;
}

ByteOrder byte_order_of(const void* data, std::size_t size) {
  std::uint32_t mark = 0;
  if (size != sizeof mark) return ByteOrder::unreadable;
  std::memcpy(&mark, data, sizeof mark);
  if (mark == stored_byte_order_mark) return ByteOrder::same;
  return mark == 0x04030201 ? ByteOrder::swapped : ByteOrder::unreadable;
}

bool take_part(StoredNetwork& net, const std::string& name, std::shared_ptr<const void> owner,
               const void* data, std::size_t size) {
  if (name == "id_chars") return assign(net.id_chars, std::move(owner), data, size);
  const std::pair<const char*, StoredArray<std::uint32_t>*> words[] = {
      {"id_end", &net.id_end},           {"loop_size", &net.loop_size},
      {"loop_first", &net.loop_first},   {"loop_of", &net.loop_of},
      {"reach_at", &net.reach_at},       {"up_first", &net.up_first},
      {"up_slots", &net.up_slots},       {"levelpath", &net.levelpath},
      {"from_vertex", &net.from_vertex}, {"to_vertex", &net.to_vertex},
      {"in_first", &net.in_first},       {"in_reaches", &net.in_reaches},
      {"out_first", &net.out_first},     {"out_reaches", &net.out_reaches},
      {"main_out", &net.main_out}};
  for (const auto& [known, values] : words) {
    if (name == known) return assign(*values, std::move(owner), data, size);
  }
  const std::pair<const char*, StoredArray<double>*> reals[] = {
      {"length_m", &net.length_m},
      {"flow_distance_m", &net.flow_distance_m},
      {"flow_time_s", &net.flow_time_s},
      {"travel_time_s", &net.travel_time_s}};
  for (const auto& [known, values] : reals) {
    if (name == known) return assign(*values, std::move(owner), data, size);
  }
  if (name == "divergence") return assign(net.divergence, std::move(owner), data, size);
  if (name == "position") return assign(net.position, std::move(owner), data, size);
  return false;
}

bool consistent(const StoredNetwork& net, TraceMode mode, bool measures) {
  if (!valid_ids_and_loops(net)) return false;
  if (mode != TraceMode::upstream_tributaries) return valid_reach_arrays(net);
  const std::size_t n = net.reach_count;
  return net.reach_at.size() == n && net.position.size() == (measures ? n : 0) &&
         std::all_of(net.reach_at.begin(), net.reach_at.end(),
                     [&](std::uint32_t r) { return r < n; }) &&
         valid_rows(net.up_first, n, net.up_slots, n);
}

}  // namespace envgrid::hydro::detail
