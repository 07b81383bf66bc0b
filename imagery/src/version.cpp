// Keeps the library non-empty until its first algorithm lands.
namespace envgrid::imagery {
const char* library_name() { return "envgrid::imagery"; }
}  // namespace envgrid::imagery
