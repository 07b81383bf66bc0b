// Names and states of tasks, and which change of state each action makes.

#include "envgrid/tasks/task.hpp"

#include <array>
#include <sstream>

#include "envgrid/gis/text.hpp"

namespace envgrid::tasks {

namespace {

constexpr std::array<std::string_view, 6> kind_names{"random_inspection", "flag_check",
                                                     "alert_response",    "complaint",
                                                     "trace_follow_up",   "cross_check"};
constexpr std::array<std::string_view, 5> target_names{"enterprise", "outfall", "flag", "alert",
                                                       "point"};
constexpr std::array<std::string_view, 6> state_names_{"created",   "dispatched", "in_progress",
                                                       "submitted", "returned",   "closed"};
constexpr std::array<std::string_view, 5> action_names{"dispatch", "start", "submit", "return",
                                                       "close"};

template <typename Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view kind_name(Kind kind) { return kind_names[static_cast<std::size_t>(kind)]; }
std::string_view target_kind_name(TargetKind kind) {
  return target_names[static_cast<std::size_t>(kind)];
}
std::string_view state_name(State state) { return state_names_[static_cast<std::size_t>(state)]; }
std::string_view action_name(Action action) {
  return action_names[static_cast<std::size_t>(action)];
}

std::optional<Kind> parse_kind(std::string_view name) { return find_name<Kind>(kind_names, name); }
std::optional<TargetKind> parse_target_kind(std::string_view name) {
  return find_name<TargetKind>(target_names, name);
}
std::optional<State> parse_state(std::string_view name) {
  return find_name<State>(state_names_, name);
}

std::string state_names() {
  std::string out;
  for (const auto name : state_names_) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

bool is_open(State state) { return state != State::closed; }

State state_after(Action action) {
  switch (action) {
    case Action::dispatch:
      return State::dispatched;
    case Action::start:
      return State::in_progress;
    case Action::submit:
      return State::submitted;
    case Action::return_:
      return State::returned;
    case Action::close:
      return State::closed;
  }
  return State::created;
}

// The office dispatches what it made; the team starts (again, after a
// return) and submits; the office closes or returns what was submitted.
bool allowed(Action action, State from) {
  switch (action) {
    case Action::dispatch:
      return from == State::created;
    case Action::start:
      return from == State::dispatched || from == State::returned;
    case Action::submit:
      return from == State::dispatched || from == State::in_progress || from == State::returned;
    case Action::return_:
    case Action::close:
      return from == State::submitted;
  }
  return false;
}

std::string states_allowing(Action action) {
  std::string out;
  for (std::size_t i = 0; i < state_names_.size(); ++i) {
    if (allowed(action, static_cast<State>(i))) {
      out += (out.empty() ? "" : " or ") + std::string(state_names_[i]);
    }
  }
  return out;
}

std::string join_team(const std::vector<std::string>& team) { return gis::join(team, ";"); }

std::vector<std::string> split_team(std::string_view text) {
  std::vector<std::string> team;
  std::istringstream in{std::string(text)};
  for (std::string name; std::getline(in, name, ';');) {
    if (!name.empty()) team.push_back(name);
  }
  return team;
}

}  // namespace envgrid::tasks
