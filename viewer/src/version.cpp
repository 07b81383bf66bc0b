// Keeps the library non-empty until its first algorithm lands.
namespace envgrid::viewer {
const char* library_name() { return "envgrid::viewer"; }
}  // namespace envgrid::viewer
