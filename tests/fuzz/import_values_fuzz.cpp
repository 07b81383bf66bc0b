// Every attribute value `envgrid import` writes into the store: the first
// byte picks a field of the store schema, the rest is the source value, tried
// as text, as a real and as an integer (GDAL gives typed values for typed
// columns).

#include <cstring>

#include "envgrid/gis/store.hpp"
#include "fuzz_support.hpp"

using namespace envgrid;

namespace {

std::vector<const gis::StoreField*> all_fields() {
  std::vector<const gis::StoreField*> fields;
  for (const auto& layer : gis::store_schema()) {
    for (const auto& field : layer.fields) fields.push_back(&field);
  }
  return fields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::quiet_logging();
  static const std::vector<const gis::StoreField*> fields = all_fields();
  if (size < 1) return 0;
  const gis::StoreField& field = *fields[data[0] % fields.size()];
  const std::string text = fuzz::as_text(data + 1, size - 1);
  std::string reason;
  (void)gis::to_store_value(field, text, reason);
  if (size - 1 >= sizeof(double)) {
    double real = 0;
    std::int64_t integer = 0;
    std::memcpy(&real, data + 1, sizeof real);
    std::memcpy(&integer, data + 1, sizeof integer);
    (void)gis::to_store_value(field, real, reason);
    (void)gis::to_store_value(field, integer, reason);
  }
  return 0;
}
