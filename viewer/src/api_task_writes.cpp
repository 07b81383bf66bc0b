// POST /api/tasks/{id}/start|submit|close|return, POST /api/tasks/{id}/photos
// (the image bytes as the body) and GET /api/tasks/{id}/photos/{photo_id}
// (its thumbnail). Each change goes through the tasks library, which keeps
// it in task_events with the user, the time and the client's address.
// A retry of what already arrived (the same answers to a submitted task, the
// same photo bytes) is answered as done and stored once.

#include <charconv>
#include <cmath>

#include "api.hpp"
#include "api_bodies.hpp"
#include "envgrid/gis/error.hpp"
#include "envgrid/tasks/inspection_template.hpp"
#include "envgrid/tasks/photo_keep.hpp"
#include "envgrid/tasks/task_store.hpp"
#include "envgrid/tasks/template_store.hpp"
#include "stored_file.hpp"
#include "task_scope.hpp"

namespace envgrid::viewer::detail {

namespace {

constexpr std::size_t max_thumbnail_bytes = 4u << 20;

tasks::Actor actor_of(const RequestContext& context) {
  const User& user = *context.user;
  return {user.user_name, context.client_ip, std::string(role_name(user.role))};
}

// The library's refusals: a state that does not allow the action is a
// conflict (409), input it cannot use is 400; anything else stays a 500.
[[noreturn]] void rethrow_as_http(const gis::Error& error) {
  if (error.code() == gis::ExitCode::usage) throw HttpError(http::status::conflict, error.what());
  if (error.code() == gis::ExitCode::input)
    throw HttpError(http::status::bad_request, error.what());
  throw error;
}

// True when the task already holds the result these answers make: a retry
// of a submission that arrived.
bool already_submitted(ApiState& state, const tasks::Task& task, const std::string& answers) {
  if (task.result.empty() || task.state == tasks::State::returned) return false;
  const auto t = tasks::find_template(state.store, task.template_id);
  if (!t) return false;
  try {
    return Json::parse(tasks::fill_template(*t, answers, "request")) == Json::parse(task.result);
  } catch (const std::exception&) {
    return false;
  }
}

tasks::Change change_for(const RequestContext& context, const std::string& verb) {
  tasks::Change change;
  if (verb == "start") {
    change.action = tasks::Action::start;
  } else if (verb == "submit") {
    change.action = tasks::Action::submit;
    (void)parse_json_object(context.request);  // 400 before the library sees it
    change.answers = context.request.body();
    change.answers_source = "request";
  } else {
    change.action = verb == "close" ? tasks::Action::close : tasks::Action::return_;
    change.note = json_string(parse_json_object(context.request), "note", true);
    if (change.note.empty()) throw HttpError(http::status::bad_request, "a note is required");
    if (change.note.size() > max_comment_chars) {
      throw HttpError(http::status::bad_request, "the note is longer than 2000 bytes");
    }
  }
  return change;
}

// A finite number from a header, or nullopt when absent or not one.
std::optional<double> header_number(const RequestContext& context, const char* name) {
  auto field = context.request.find(name);
  if (field == context.request.end()) return std::nullopt;
  const std::string text(field->value());
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    throw HttpError(http::status::bad_request, std::string(name) + " must be a number");
  }
  return value;
}

}  // namespace

bool is_photo_upload(std::string_view target) {
  const std::string_view prefix = "/api/tasks/", suffix = "/photos";
  return target.size() > prefix.size() + suffix.size() &&
         target.substr(0, prefix.size()) == prefix &&
         target.substr(target.size() - suffix.size()) == suffix;
}

Response post_task_change(ApiState& state, RequestContext& context, const std::string& task_id,
                          const std::string& verb) {
  const bool office = verb == "close" || verb == "return";
  const tasks::Task task =
      scoped_task(state, context, task_id, office ? Action::review_task : Action::do_task);
  const tasks::Change change = change_for(context, verb);
  const auto wgs84 = gis::CoordinateTransformer(state.store.crs(), gis::Crs::wgs84());
  // A retry of what arrived: the phone's outbox sends again when an answer was lost.
  if ((verb == "start" && task.state == tasks::State::in_progress) ||
      (verb == "submit" && already_submitted(state, task, change.answers))) {
    return json_response(context.request, http::status::ok,
                         {{"task", task_json(task, wgs84)}, {"already_done", true}});
  }
  try {
    const tasks::Task changed = tasks::change_task(state.store, task_id, change, actor_of(context));
    return json_response(context.request, http::status::ok,
                         {{"task", task_json(changed, wgs84)}, {"already_done", false}});
  } catch (const gis::Error& error) {
    rethrow_as_http(error);
  }
}

Response post_task_photo(ApiState& state, RequestContext& context, const std::string& task_id) {
  (void)scoped_task(state, context, task_id, Action::do_task);
  if (!state.shared.photos_dir) {
    throw HttpError(http::status::service_unavailable,
                    "this server keeps no photos: start it with --photos DIR");
  }
  tasks::PhotoUpload upload;
  upload.bytes = context.request.body();
  upload.folder = *state.shared.photos_dir;
  upload.source = "upload";
  upload.device_lon = header_number(context, "X-Device-Lon");
  upload.device_lat = header_number(context, "X-Device-Lat");
  if (upload.device_lon.has_value() != upload.device_lat.has_value()) {
    throw HttpError(http::status::bad_request, "X-Device-Lon and X-Device-Lat go together");
  }
  if (upload.bytes.size() > tasks::max_photo_bytes) {
    throw HttpError(http::status::payload_too_large, "a photo may be at most 20 MB");
  }
  if (tasks::sniff_photo_type(upload.bytes).empty()) {
    throw HttpError(http::status::unsupported_media_type, "the photo is neither a JPEG nor a PNG");
  }
  try {
    const tasks::PreparedPhoto prepared = tasks::prepare_task_photo(state.store, task_id, upload);
    std::unique_lock<std::mutex> write;
    if (state.write_lock) write = std::unique_lock(*state.write_lock);
    const tasks::KeptPhoto kept =
        tasks::record_prepared_photo(state.store, task_id, prepared, actor_of(context));
    if (write) write.unlock();
    const auto& d = kept.stored.distance_m;
    return json_response(
        context.request, kept.stored.added ? http::status::created : http::status::ok,
        {{"photo_id", kept.stored.photo_id},
         {"added", kept.stored.added},
         {"taken_at", kept.photo.taken_at},
         {"position_source", kept.photo.position_source},
         {"distance_m", d ? Json(*d) : Json()},
         {"thumbnail", "/api/tasks/" + task_id + "/photos/" + kept.stored.photo_id}});
  } catch (const gis::Error& error) {
    rethrow_as_http(error);
  }
}

Response get_task_photo(ApiState& state, RequestContext& context, const std::string& task_id,
                        const std::string& photo_id) {
  (void)scoped_task(state, context, task_id, Action::read_tasks);
  for (const auto& p : tasks::read_task_photos(state.store, task_id)) {
    if (p.photo_id != photo_id) continue;
    auto bytes = read_jpeg_file(p.photo.thumbnail, max_thumbnail_bytes);
    if (!bytes) throw HttpError(http::status::not_found, "the thumbnail is missing");
    Response response =
        text_response(context.request, http::status::ok, std::move(*bytes), "image/jpeg");
    response.set(http::field::cache_control, "private, max-age=86400");
    return response;
  }
  throw HttpError(http::status::not_found, "no photo '" + photo_id + "' of task '" + task_id + "'");
}

}  // namespace envgrid::viewer::detail
