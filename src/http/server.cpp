#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>
#include <vector>

namespace kring::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);
constexpr std::uint64_t kMaxDrainBytes = 16u << 20;

struct Server::Impl {
  Impl(ServerConfig c, Dispatcher& d, Metrics& m)
      : config(std::move(c)), dispatcher(d), metrics(m), ioc(config.io_threads), acceptor(ioc),
        workers(static_cast<size_t>(config.worker_threads)), signals(ioc) {}

  ServerConfig config;
  Dispatcher& dispatcher;
  Metrics& metrics;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::thread_pool workers;
  asio::signal_set signals;
  std::atomic<bool> shutting_down{false};
  std::atomic<int64_t> in_flight{0};
  std::atomic<int64_t> connections{0};

  awaitable<void> accept_loop();
  awaitable<void> session(tcp::socket socket);
  awaitable<void> drain_and_stop();
  void begin_shutdown();
};

namespace {

bhttp::response<bhttp::string_body> to_beast(Response&& r, unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), version};
  out.set(bhttp::field::server, "kring");
  if (!r.content_type.empty()) out.set(bhttp::field::content_type, r.content_type);
  for (auto& [k, v] : r.headers) out.insert(k, v);
  out.keep_alive(keep_alive);
  if (head) {
    out.content_length(r.body.size());
  } else {
    out.body() = std::move(r.body);
    out.prepare_payload();
  }
  return out;
}

Response simple_error(int status, std::string_view code, std::string_view message) {
  return Response::error(status, code, message);
}

}  // namespace

awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || shutting_down) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    if (static_cast<size_t>(connections.load()) >= config.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    asio::co_spawn(socket.get_executor(), session(std::move(socket)), asio::detached);
  }
}

awaitable<void> Server::Impl::session(tcp::socket socket) {
  connections.fetch_add(1);
  metrics.connection_opened();
  struct Closed {
    Impl* s;
    ~Closed() {
      s->connections.fetch_sub(1);
      s->metrics.connection_closed();
    }
  } closed{this};

  boost::system::error_code ec;
  std::string remote_ip;
  auto ep = socket.remote_endpoint(ec);
  if (!ec) remote_ip = ep.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;

  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(config.header_limit));
    parser.body_limit(boost::none);  // the route decides, once the header is read
    stream.expires_after(config.idle_timeout);
    auto [rec, rn] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
    auto started = std::chrono::steady_clock::now();
    if (rec) {
      if (rec == bhttp::error::header_limit) {
        auto res = to_beast(simple_error(431, "headers_too_large", "request headers exceed 16 KiB"), 11, false, false);
        co_await bhttp::async_write(stream, res, kTuple);
      } else if (rec != bhttp::error::end_of_stream &&
                 rec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
        auto res = to_beast(simple_error(400, "bad_request", "malformed HTTP request"), 11, false, false);
        co_await bhttp::async_write(stream, res, kTuple);
      }
      break;
    }
    in_flight.fetch_add(1);
    struct Done {
      Impl* s;
      ~Done() { s->in_flight.fetch_sub(1); }
    } done{this};

    auto& hreq = parser.get();
    Request req;
    req.method = std::string(hreq.method_string());
    req.target = std::string(hreq.target());
    req.remote_ip = remote_ip;
    req.secure = config.secure;
    bool keep_alive = hreq.keep_alive();
    unsigned version = hreq.version();
    bool head = req.method == "HEAD";
    for (const auto& f : hreq) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }

    Response res;
    RouteMatch match;
    bool read_body = true;
    bool too_large = false;
    std::string_view target = req.target;
    size_t q = target.find('?');
    if (target.empty() || target.front() != '/' || !percent_decode(target.substr(0, q), req.path, false) ||
        (q != std::string_view::npos && !parse_query(target.substr(q + 1), req.query)) ||
        req.path.find('\0') != std::string::npos) {
      res = simple_error(400, "bad_request", "malformed request target");
      keep_alive = false;
      read_body = false;
    } else {
      match = dispatcher.match(req.method, req.path);
      size_t limit = match.route ? match.route->options.body_limit : config.default_body_limit;
      auto length = parser.content_length();
      if (length && *length > limit) {
        res = simple_error(413, "payload_too_large",
                           "request body exceeds " + std::to_string(limit) + " bytes");
        keep_alive = false;
        too_large = true;
        // Read (and drop) moderately sized bodies so the client sees the answer rather than a reset.
        if (*length <= kMaxDrainBytes) {
          parser.body_limit(*length);
        } else {
          read_body = false;
        }
      } else {
        parser.body_limit(limit);
      }
    }

    if (read_body) {
      stream.expires_after(config.request_timeout);
      auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      if (bec == bhttp::error::body_limit) {
        res = simple_error(413, "payload_too_large", "request body is too large");
        keep_alive = false;
      } else if (bec) {
        break;  // timeout or broken connection: nothing sensible to answer
      } else if (too_large) {
        // answer already set
      } else {
        req.body = std::move(parser.get().body());
        if (!match.route) {
          if (match.status == 405) {
            res = simple_error(405, "method_not_allowed", "this resource does not accept " + req.method);
            res.with_header("Allow", match.allow);
          } else {
            res = simple_error(404, "not_found", "no such resource");
          }
        } else {
          req.path_params = std::move(match.params);
          req.route = match.route->pattern;
          const RouteOptions& o = match.route->options;
          bool answered = false;
          if (o.inline_handler || o.inline_first) {
            req.network_thread = o.inline_first;
            res = dispatcher.handle(req, match);
            req.network_thread = false;
            answered = !res.deferred();  // an inline_first handler that would block asks for a worker
          }
          if (!answered) {
            res = co_await asio::co_spawn(
                workers, [&]() -> awaitable<Response> { co_return dispatcher.handle(req, match); }, use_awaitable);
          }
        }
      }
    }

    if (shutting_down) keep_alive = false;
    int status = res.status;
    auto out = to_beast(std::move(res), version, keep_alive, head);
    stream.expires_after(config.write_timeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, out, kTuple);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics.observe(match.route ? static_cast<long>(match.route->index) : -1, status, seconds);
    if (config.log_requests) {
      spdlog::info("{} {} {} {:.2f}ms {}", req.method, req.target.size() > 200 ? req.target.substr(0, 200) : req.target,
                   status, seconds * 1000, remote_ip);
    }
    if (wec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
}

awaitable<void> Server::Impl::drain_and_stop() {
  auto deadline = std::chrono::steady_clock::now() + config.shutdown_grace;
  asio::steady_timer timer(ioc);
  while (in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kTuple);
  }
  if (in_flight.load() > 0) spdlog::warn("shutting down with {} requests still running", in_flight.load());
  ioc.stop();
}

void Server::Impl::begin_shutdown() {
  if (shutting_down.exchange(true)) return;
  spdlog::info("shutting down: finishing in-flight requests");
  boost::system::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  asio::co_spawn(ioc, drain_and_stop(), asio::detached);
}

Server::Server(ServerConfig config, Dispatcher& dispatcher, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(config), dispatcher, metrics)) {}

Server::~Server() {
  impl_->workers.join();
}

Status Server::listen() {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(impl_->config.host, ec);
  if (ec) return Error::invalid("listen", "not an IP address: " + impl_->config.host);
  tcp::endpoint ep(addr, impl_->config.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::unavailable("cannot listen on " + impl_->config.host + ":" + std::to_string(impl_->config.port) +
                              ": " + ec.message());
  }
  return {};
}

uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  Impl& s = *impl_;
  if (s.config.handle_signals) {
    s.signals.add(SIGTERM);
    s.signals.add(SIGINT);
    s.signals.async_wait([&s](const boost::system::error_code& ec, int) {
      if (!ec) s.begin_shutdown();
    });
  }
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < s.config.io_threads; ++i) threads.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : threads) t.join();
  s.workers.join();
}

void Server::request_shutdown() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace kring::http
