// The API's query strings and cookies, as the server reads them before any
// route runs (request_handler) and as the routes read their parameters:
// the review queue's filter and paging, a layer's bbox.

#include "fuzz_support.hpp"
#include "query_params.hpp"
#include "request_handler.hpp"

using namespace envgrid::viewer::detail;
namespace fuzz = envgrid::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = fuzz::as_text(data, size);
  (void)percent_decode(text, false);
  Request request{http::verb::get, "/api/flags", 11};
  request.set(http::field::cookie, text);
  (void)session_cookie_value(request);
  RequestContext context{request, "/api/flags", {}, "127.0.0.1", "", {}, {}};
  try {
    context.query = parse_query(text);
  } catch (const HttpError&) {
    return 0;
  }
  for (auto read : {+[](const RequestContext& c) { (void)read_queue_filter(c); },
                    +[](const RequestContext& c) { (void)read_queue_page(c); },
                    +[](const RequestContext& c) { (void)query_bbox(c); }}) {
    try {
      read(context);
    } catch (const HttpError&) {
    }
  }
  return 0;
}
