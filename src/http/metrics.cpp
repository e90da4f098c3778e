#include "http/metrics.h"

#include <cstdio>

namespace kring::http {

void Metrics::set_routes(std::vector<std::string> labels) {
  series_.clear();
  labels.emplace_back("unmatched");
  for (auto& l : labels) {
    auto s = std::make_unique<Series>();
    s->label = std::move(l);
    series_.push_back(std::move(s));
  }
}

void Metrics::observe(long route, int status, double seconds) {
  if (series_.empty()) return;
  Series& s = (route < 0 || route >= static_cast<long>(series_.size()) - 1) ? *series_.back() : *series_[route];
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) s.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::string out;
  char buf[256];
  out += "# HELP kring_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE kring_http_requests_total counter\n";
  for (const auto& s : series_) {
    for (int c = 1; c <= 5; ++c) {
      uint64_t n = s->by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::snprintf(buf, sizeof buf, "kring_http_requests_total{route=\"%s\",status=\"%dxx\"} %llu\n",
                    s->label.c_str(), c, static_cast<unsigned long long>(n));
      out += buf;
    }
  }
  out += "# HELP kring_http_request_duration_seconds Time from request read to response written.\n";
  out += "# TYPE kring_http_request_duration_seconds histogram\n";
  for (const auto& s : series_) {
    uint64_t count = s->count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += s->buckets[b].load(std::memory_order_relaxed);
      if (b < kBuckets.size()) {
        std::snprintf(buf, sizeof buf, "kring_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                      s->label.c_str(), kBuckets[b], static_cast<unsigned long long>(cumulative));
      } else {
        std::snprintf(buf, sizeof buf, "kring_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
                      s->label.c_str(), static_cast<unsigned long long>(cumulative));
      }
      out += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "kring_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "kring_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  s->label.c_str(), s->sum_us.load(std::memory_order_relaxed) / 1e6, s->label.c_str(),
                  static_cast<unsigned long long>(count));
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "# TYPE kring_ready gauge\nkring_ready %d\n# TYPE kring_open_connections gauge\n"
                "kring_open_connections %lld\n",
                ready_.load(), static_cast<long long>(open_connections_.load()));
  out += buf;
  return out;
}

}  // namespace kring::http
