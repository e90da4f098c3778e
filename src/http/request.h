// The server's own request and response types. Only server.cpp sees Boost.Beast; handlers see these.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"

namespace kring::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string target;        // as received: path and query
  std::string path;          // percent-decoded path, without the query
  Fields query;              // percent-decoded query parameters in order (names may repeat)
  Fields headers;            // names lower-cased
  std::string body;
  std::string remote_ip;
  bool secure = false;       // served over TLS (directly or per a trusted proxy)
  Fields path_params;        // filled by the router from {name} segments
  std::string route;         // the matched route pattern ("/api/v1/members/{handle}"), for metrics and logs
  // True while an inline_first route's handler runs on a network thread: it must not block, and answers
  // Response::defer() when it would, to be run again on the worker pool (where this is false).
  bool network_thread = false;

  // First value of a header (name lower-case), or empty.
  std::string_view header(std::string_view name) const;
  // First value of a query parameter, or nullopt.
  std::optional<std::string_view> query_param(std::string_view name) const;
  std::vector<std::string_view> query_params(std::string_view name) const;
  // Value of a path parameter; REQUIRES: the route has it.
  const std::string& param(std::string_view name) const;
  // Value of a cookie, or empty.
  std::string cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Fields headers;  // extra headers (Set-Cookie, Location, Retry-After, ...)

  static Response json(int status, const nlohmann::json& body);
  static Response error(const Error& error);
  static Response error(int status, std::string_view code, std::string_view message);
  static Response no_content();
  // From a handler on a network thread (Request::network_thread): "run me on the worker pool instead".
  static Response defer() {
    Response r;
    r.status = 0;
    return r;
  }
  bool deferred() const { return status == 0; }
  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// Decodes %XX escapes (and '+' as space when `plus_as_space`). Returns false on malformed escapes.
bool percent_decode(std::string_view in, std::string& out, bool plus_as_space);
// Splits "a=1&b=2" into decoded pairs. Returns false on malformed escapes.
bool parse_query(std::string_view qs, Fields& out);

}  // namespace kring::http
