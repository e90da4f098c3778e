// HTTP/1.1 server on Boost.Beast + Asio (C++20 coroutines).
//
// Network threads only read, parse and write. Handlers run on a separate worker pool unless their route is
// marked inline (memory-only), so slow work never stalls other connections. Limits: header size (431),
// body size per route (413), a deadline for receiving each request and for idle keep-alive connections.
// Shutdown (SIGTERM/SIGINT or request_shutdown) stops accepting, lets in-flight requests finish within the
// grace period, answers them with Connection: close, then returns from run().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace kring::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int io_threads = 2;
  int worker_threads = 16;
  std::size_t header_limit = 16 * 1024;
  std::size_t default_body_limit = 1 << 20;
  std::chrono::seconds request_timeout{30};  // to receive one whole request once it started
  std::chrono::seconds idle_timeout{60};     // keep-alive connection with no request
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds shutdown_grace{20};
  std::size_t max_connections = 10000;
  bool handle_signals = true;
  bool log_requests = true;
  bool secure = false;  // requests arrive over TLS (terminated by a proxy); cookies get Secure
};

// What the server calls for each request. Implementations must not throw.
class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual RouteMatch match(std::string_view method, std::string_view path) const = 0;
  virtual Response handle(Request& request, const RouteMatch& match) = 0;
};

class Server {
 public:
  // REQUIRES: dispatcher and metrics outlive the server.
  Server(ServerConfig config, Dispatcher& dispatcher, Metrics& metrics);
  ~Server();

  // Binds and listens. kUnavailable when the address is taken.
  Status listen();
  uint16_t port() const;
  // Serves until shutdown completes. REQUIRES: listen() succeeded. Call once.
  void run();
  // Starts a graceful shutdown. Thread-safe; idempotent.
  void request_shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kring::http
