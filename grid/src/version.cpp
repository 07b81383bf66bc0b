// Keeps the library non-empty until its first algorithm lands.
namespace envgrid::grid {
const char* library_name() { return "envgrid::grid"; }
}  // namespace envgrid::grid
