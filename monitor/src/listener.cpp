// The HJ 212 TCP listener: one thread, Boost.Asio, group commit.
//
// Every read's lines go through the shared IngestSession; answers wait in
// their connection until the transaction holding their packet commits. The
// commit is posted behind the reads already completed, so a busy second
// groups the packets of many devices into one transaction.

#include "envgrid/monitor/listener.hpp"

#include <array>
#include <utility>  // before Boost 1.74 asio, whose awaitable.hpp needs std::exchange

#include <boost/asio.hpp>
#include <deque>
#include <memory>
#include <set>
#include <vector>

#include "envgrid/gis/error.hpp"
#include "envgrid/gis/log.hpp"
#include "envgrid/monitor/ingest.hpp"
#include "envgrid/monitor/line_framer.hpp"

namespace envgrid::monitor {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t read_buffer_bytes = 4096;

class Listener;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Listener& owner);
  void start() { read(); }
  void close();
  // Answers whose packets the last commit stored go out now.
  void send_committed();
  // Keeps aside a frame begun too long ago; true when it closed the connection.
  bool check_timeouts(Clock::time_point now);

 private:
  void read();
  void on_line(std::string_view line, bool overlong);
  void write_next();

  tcp::socket socket_;
  Listener& owner_;
  std::string peer_;
  std::array<char, read_buffer_bytes> buffer_{};
  LineFramer framer_;
  Clock::time_point last_activity_ = Clock::now();
  Clock::time_point frame_started_ = Clock::now();
  std::vector<std::string> awaiting_commit_;
  std::deque<std::string> outgoing_;
  std::size_t outgoing_bytes_ = 0;
  bool writing_ = false;
  bool closed_ = false;
};

class Listener {
 public:
  Listener(gis::Store& store, const ListenOptions& options)
      : options_(options),
        session_(store),
        acceptor_(io_),
        sweep_(io_),
        signals_(io_, SIGINT, SIGTERM),
        stop_timer_(io_) {}

  ListenCounts run(const std::function<void(const std::string&, std::uint16_t)>& on_listening);

  IngestSession& session() { return session_; }
  const ListenOptions& options() const { return options_; }
  ListenCounts& counts() { return counts_; }
  void wants_commit(const std::shared_ptr<Connection>& waiting);
  void forget(const std::shared_ptr<Connection>& connection) { connections_.erase(connection); }

 private:
  void accept();
  void commit();
  void sweep();
  void stop();

  ListenOptions options_;
  IngestSession session_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  asio::steady_timer sweep_;
  asio::signal_set signals_;
  asio::steady_timer stop_timer_;
  std::set<std::shared_ptr<Connection>> connections_;
  std::vector<std::weak_ptr<Connection>> waiting_;
  bool commit_posted_ = false;
  bool stopping_ = false;
  ListenCounts counts_;
};

Connection::Connection(tcp::socket socket, Listener& owner)
    : socket_(std::move(socket)), owner_(owner) {
  boost::system::error_code ec;
  const auto endpoint = socket_.remote_endpoint(ec);
  peer_ =
      ec ? "unknown peer" : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  owner_.forget(shared_from_this());
}

void Connection::read() {
  socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](
                                                     boost::system::error_code ec, std::size_t n) {
    if (self->closed_) return;
    const auto handler = [&](std::string_view line, bool overlong) {
      self->on_line(line, overlong);
    };
    if (ec) {
      self->framer_.finish(handler);  // a last frame without CRLF still counts
      self->owner_.wants_commit(self);
      self->close();
      return;
    }
    self->last_activity_ = Clock::now();
    if (self->framer_.buffered() == 0) self->frame_started_ = self->last_activity_;
    self->framer_.feed(std::string_view(self->buffer_.data(), n), handler);
    if (self->framer_.buffered() == 0) self->frame_started_ = Clock::now();
    self->owner_.wants_commit(self);
    self->read();
  });
}

void Connection::on_line(std::string_view line, bool overlong) {
  frame_started_ = Clock::now();
  if (std::optional<Packet> answered = owner_.session().accept(line, peer_, overlong)) {
    awaiting_commit_.push_back(data_response_frame(*answered));
  }
}

void Connection::send_committed() {
  if (closed_) return;
  for (auto& frame : awaiting_commit_) {
    outgoing_bytes_ += frame.size();
    outgoing_.push_back(std::move(frame));
    ++owner_.counts().answers;
  }
  awaiting_commit_.clear();
  if (outgoing_bytes_ > owner_.options().max_unsent_bytes) {
    gis::log_warning("monitor listen: " + peer_ + " does not read its answers; closed");
    close();
    return;
  }
  write_next();
}

void Connection::write_next() {
  if (writing_ || outgoing_.empty() || closed_) return;
  writing_ = true;
  asio::async_write(socket_, asio::buffer(outgoing_.front()),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->writing_ = false;
                      if (ec) {
                        self->close();
                        return;
                      }
                      self->outgoing_bytes_ -= self->outgoing_.front().size();
                      self->outgoing_.pop_front();
                      self->write_next();
                    });
}

bool Connection::check_timeouts(Clock::time_point now) {
  const ListenOptions& o = owner_.options();
  if (framer_.buffered() > 0 && now - frame_started_ > o.frame_timeout) {
    owner_.session().keep_aside(
        peer_, "",
        "frame not ended within " + std::to_string(o.frame_timeout.count()) + " s (" +
            std::to_string(framer_.buffered()) + " bytes received); connection closed",
        "");
    owner_.wants_commit(shared_from_this());
    close();
    return true;
  }
  if (now - last_activity_ > o.idle_timeout) {
    close();
    return true;
  }
  return false;
}

ListenCounts Listener::run(
    const std::function<void(const std::string&, std::uint16_t)>& on_listening) {
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(options_.bind_address), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  } catch (const boost::system::system_error& e) {
    gis::throw_output_error("cannot listen on " + options_.bind_address + ":" +
                            std::to_string(options_.port) + ": " + e.code().message());
  }
  on_listening(options_.bind_address, acceptor_.local_endpoint().port());
  signals_.async_wait([this](boost::system::error_code ec, int) {
    if (!ec) stop();
  });
  if (options_.run_for.count() > 0) {
    stop_timer_.expires_after(options_.run_for);
    stop_timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) stop();
    });
  }
  accept();
  sweep();
  io_.run();
  session_.give_up_incomplete("listener shutdown");
  session_.commit();
  return counts_;
}

void Listener::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (stopping_) return;
    if (!ec) {
      if (connections_.size() >= options_.max_connections) {
        ++counts_.refused_connections;
        boost::system::error_code ignored;
        socket.close(ignored);
      } else {
        ++counts_.connections;
        auto connection = std::make_shared<Connection>(std::move(socket), *this);
        connections_.insert(connection);
        connection->start();
      }
    }
    accept();
  });
}

void Listener::wants_commit(const std::shared_ptr<Connection>& waiting) {
  waiting_.push_back(waiting);
  if (session_.pending_rows() > options_.max_pending_rows) {
    commit();
    return;
  }
  if (commit_posted_) return;
  commit_posted_ = true;
  asio::post(io_, [this] { commit(); });
}

void Listener::commit() {
  commit_posted_ = false;
  try {
    session_.commit();
  } catch (const gis::Error& e) {
    // Nothing is answered; the rows stay buffered for the next commit.
    gis::log_error(std::string("monitor listen: commit failed: ") + e.what());
    return;
  }
  ++counts_.commits;
  std::vector<std::weak_ptr<Connection>> waiting;
  waiting.swap(waiting_);
  for (const auto& weak : waiting) {
    if (auto connection = weak.lock()) connection->send_committed();
  }
}

void Listener::sweep() {
  sweep_.expires_after(std::chrono::seconds(1));
  sweep_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopping_) return;
    const auto now = Clock::now();
    std::vector<std::shared_ptr<Connection>> all(connections_.begin(), connections_.end());
    for (const auto& connection : all) (void)connection->check_timeouts(now);
    sweep();
  });
}

void Listener::stop() {
  stopping_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  sweep_.cancel();
  stop_timer_.cancel();
  signals_.cancel();
  commit();
  std::vector<std::shared_ptr<Connection>> all(connections_.begin(), connections_.end());
  for (const auto& connection : all) connection->close();
  io_.stop();
}

}  // namespace

ListenCounts listen(gis::Store& store, const ListenOptions& options,
                    const std::function<void(const std::string&, std::uint16_t)>& on_listening) {
  Listener listener(store, options);
  return listener.run(on_listening);
}

}  // namespace envgrid::monitor
