#include "http/request.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace kring::http {

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::vector<std::string_view> Request::query_params(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : query) {
    if (k == name) out.emplace_back(v);
  }
  return out;
}

const std::string& Request::param(std::string_view name) const {
  for (const auto& [k, v] : path_params) {
    if (k == name) return v;
  }
  static const std::string kEmpty;
  return kEmpty;
}

std::string Request::cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view part = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      size_t eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    }
  }
  return {};
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

namespace {
const std::string kInternalMessage = "internal error";
}  // namespace

Response Response::error(const Error& e) {
  // Internal failures are logged in full but answered without detail: SQL and storage messages stay private.
  if (e.code == ErrorCode::kInternal) spdlog::error("internal error: {}", e.message);
  const std::string& message = e.code == ErrorCode::kInternal ? kInternalMessage : e.message;
  nlohmann::json err{{"code", e.api_code.empty() ? error_code_name(e.code) : e.api_code}, {"message", message}};
  if (!e.field.empty()) err["field"] = e.field;
  if (e.code == ErrorCode::kTooManyRequests) err["retry_after"] = e.retry_after_seconds;
  Response r = json(http_status(e.code), nlohmann::json{{"error", err}});
  if (e.code == ErrorCode::kTooManyRequests) r.with_header("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

Response Response::error(int status, std::string_view code, std::string_view message) {
  return json(status, nlohmann::json{{"error", {{"code", code}, {"message", message}}}});
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

bool percent_decode(std::string_view in, std::string& out, bool plus_as_space) {
  out.clear();
  out.reserve(in.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = hex(in[i + 1]);
      int lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

bool parse_query(std::string_view qs, Fields& out) {
  while (!qs.empty()) {
    size_t amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string k, v;
    if (!percent_decode(part.substr(0, eq), k, true)) return false;
    if (eq != std::string_view::npos && !percent_decode(part.substr(eq + 1), v, true)) return false;
    out.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

}  // namespace kring::http
