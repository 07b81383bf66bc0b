// The API's JSON bodies: login and review decisions.

#include "api_bodies.hpp"
#include "fuzz_support.hpp"

using namespace envgrid::viewer::detail;
namespace fuzz = envgrid::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Request request{http::verb::post, "/api/login", 11};
  request.body() = fuzz::as_text(data, size);
  try {
    (void)parse_login_body(request);
  } catch (const HttpError&) {
  }
  try {
    const ReviewBody review = parse_review_body(request);
    if (review.comment.size() > max_comment_chars) __builtin_trap();
  } catch (const HttpError&) {
  }
  return 0;
}
