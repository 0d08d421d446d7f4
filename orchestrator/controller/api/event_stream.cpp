// The event stream: requests join on the HTTP loop; one writer thread owns the open streams and
// writes each its backlog, then every new event (batched), heartbeats, and the end on a clear.
#include "orchestrator/controller/api/event_stream.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "orchestrator/controller/model/event_store.h"
#include "orchestrator/core/metrics/prometheus_text.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kPath[] = "/apis/v1/cluster/events/stream";
// A burst of a few thousand events is about a MB; a client further behind than this is cut and
// resumes with Last-Event-ID (nothing is lost, the server holds no more than this per client).
constexpr size_t kMaxUnreadBytes = 4 << 20;
constexpr size_t kPieceBytes = 64 << 10;  // one write to a stream carries about this much
constexpr char kReset[] = "event: reset\ndata: {}\n\n";
constexpr char kHeartbeat[] = ": heartbeat\n\n";

void AppendFrame(const StoredEvent& event, std::string* out) {
  out->append("id: ").append(std::to_string(event.sequence)).append("\ndata: ");
  out->append(event.text).append("\n\n");
}

// The frames of a batch of events, concatenated once for every client, with where each starts.
struct Batch {
  std::string text;
  std::vector<uint64_t> sequences;
  std::vector<size_t> offsets;

  explicit Batch(const std::vector<EventPtr>& events) {
    for (const EventPtr& event : events) {
      sequences.push_back(event->sequence);
      offsets.push_back(text.size());
      AppendFrame(*event, &text);
    }
  }
  // Where the first event after `sequence` starts; text.size() when there is none.
  size_t StartAfter(uint64_t sequence) const {
    auto it = std::upper_bound(sequences.begin(), sequences.end(), sequence);
    return it == sequences.end() ? text.size() : offsets[it - sequences.begin()];
  }
};

// Writes text[from..] in pieces; false once the stream is over.
bool WritePieces(const core::ResponseStream& stream, const std::string& text, size_t from) {
  for (size_t at = from; at < text.size(); at += kPieceBytes) {
    if (!stream.Write(text.substr(at, kPieceBytes))) return false;
  }
  return true;
}

// Last-Event-ID (the header browsers send on reconnect) or the lastEventId query: the id of the
// last event the client saw. nullopt when neither is given.
core::Result<std::optional<uint64_t>> ResumePoint(const ApiRequest& request) {
  const char* field = "Last-Event-ID";
  std::optional<std::string> text = request.header ? request.header(field) : std::nullopt;
  if (!text) {
    field = "lastEventId";
    text = request.Query(field);
  }
  if (!text) return std::optional<uint64_t>();
  bool digits =
      !text->empty() && text->size() <= 19 &&
      std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return core::Result<std::optional<uint64_t>>::Error(
        std::string(field) + ": must be an event id (a non-negative integer), got \"" + *text +
        "\"");
  }
  return std::optional<uint64_t>(std::stoull(*text));
}

struct Client {
  core::ResponseStream stream;
  uint64_t last_sent = 0;  // the sequence number of the last event written to it
};

struct Joining {
  uint64_t id = 0;
  core::ResponseStream stream;
  uint64_t after = 0;  // resume after this sequence number
};

}  // namespace

struct EventStream::State : EventListener {
  ControllerCore* core = nullptr;
  std::chrono::milliseconds heartbeat{};
  std::atomic<int64_t> client_count{0};

  std::mutex mutex;  // guards the inbox below; a leaf lock
  std::condition_variable wake;
  std::vector<EventPtr> events;
  std::vector<Joining> joining;
  std::vector<uint64_t> gone;
  bool cleared = false;
  bool stopping = false;
  uint64_t next_id = 1;

  std::map<uint64_t, Client> clients;  // the writer thread's own
  std::thread thread;

  void OnEvent(const EventPtr& event) override {
    {
      std::lock_guard lock(mutex);
      events.push_back(event);
    }
    wake.notify_one();
  }

  void OnCleared() override {
    {
      std::lock_guard lock(mutex);
      cleared = true;
      events.clear();  // of the ended term: no stream of it survives the clear
    }
    wake.notify_one();
  }

  void Gone(uint64_t id) {
    {
      std::lock_guard lock(mutex);
      gone.push_back(id);
    }
    wake.notify_one();
  }

  void Join(const std::shared_ptr<State>& self, const ApiRequest& request, const Reply& reply);
  void Run();
  void Admit(Joining joining_client);
  void Deliver(const std::vector<EventPtr>& batch_events);
  void Beat();
  // Forgets a client whose stream is over; returns the next one.
  std::map<uint64_t, Client>::iterator Remove(std::map<uint64_t, Client>::iterator it) {
    --client_count;
    return clients.erase(it);
  }
  void EndAll() {
    for (auto& [id, client] : clients) client.stream.End();
    client_count -= static_cast<int64_t>(clients.size());
    clients.clear();
  }
};

void EventStream::State::Run() {
  Clock::time_point next_beat = Clock::now() + heartbeat;
  while (true) {
    std::vector<EventPtr> batch;
    std::vector<Joining> newcomers;
    std::vector<uint64_t> left;
    bool was_cleared = false;
    {
      std::unique_lock lock(mutex);
      wake.wait_until(lock, next_beat, [&] {
        return stopping || cleared || !events.empty() || !joining.empty() || !gone.empty();
      });
      if (stopping) break;
      batch.swap(events);
      newcomers.swap(joining);
      left.swap(gone);
      was_cleared = std::exchange(cleared, false);
    }
    if (was_cleared) {
      // Leadership changed hands: every stream ends; clients reconnect to the leader.
      EndAll();
      for (Joining& j : newcomers) j.stream.End();
      newcomers.clear();
    }
    for (Joining& j : newcomers) Admit(std::move(j));
    for (uint64_t id : left) {
      if (auto it = clients.find(id); it != clients.end()) Remove(it);
    }
    if (!batch.empty()) Deliver(batch);
    if (Clock::now() >= next_beat) {
      Beat();
      next_beat = Clock::now() + heartbeat;
    }
  }
  EndAll();
}

void EventStream::State::Admit(Joining j) {
  Client client{std::move(j.stream), j.after};
  EventStore& store = core->Events();
  std::optional<std::vector<EventPtr>> backlog = store.After(j.after);
  if (!backlog) {
    // The events after its id are no longer all here: the client refetches everything.
    DLOG_INFO("event stream reset", {{"lastEventId", std::to_string(j.after)}});
    client.stream.Write(kReset);
    client.last_sent = store.LastSequence();
  } else if (!backlog->empty()) {
    Batch batch(*backlog);
    WritePieces(client.stream, batch.text, 0);
    client.last_sent = batch.sequences.back();
  }
  clients.emplace(j.id, std::move(client));
  ++client_count;
}

void EventStream::State::Deliver(const std::vector<EventPtr>& batch_events) {
  Batch batch(batch_events);
  for (auto it = clients.begin(); it != clients.end();) {
    Client& client = it->second;
    // A client admitted with a backlog may already have the batch's first events.
    bool open = WritePieces(client.stream, batch.text, batch.StartAfter(client.last_sent));
    client.last_sent = std::max(client.last_sent, batch.sequences.back());
    it = open ? std::next(it) : Remove(it);
  }
}

void EventStream::State::Beat() {
  for (auto it = clients.begin(); it != clients.end();) {
    it = it->second.stream.Write(kHeartbeat) ? std::next(it) : Remove(it);
  }
}

EventStream::EventStream(ControllerCore* core, std::chrono::milliseconds heartbeat)
    : state_(std::make_shared<State>()) {
  state_->core = core;
  state_->heartbeat = heartbeat;
  core->Events().Subscribe(state_.get());
  state_->thread = std::thread([state = state_.get()] { state->Run(); });
}

EventStream::~EventStream() { Stop(); }

void EventStream::Stop() {
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopping) return;
    state_->stopping = true;
  }
  state_->core->Events().Unsubscribe(state_.get());
  state_->wake.notify_one();
  if (state_->thread.joinable()) state_->thread.join();
}

void EventStream::AddRoutes(std::vector<Route>* routes) {
  std::weak_ptr<State> weak = state_;
  routes->push_back({"GET", kPath, [weak](const ApiRequest& request, Reply reply) {
                       if (auto state = weak.lock()) return state->Join(state, request, reply);
                       reply(ServerError("the controller is stopping"));
                     }});
}

// On the HTTP loop: the reply's head goes out now; the writer thread sends the rest.
void EventStream::State::Join(const std::shared_ptr<State>& self, const ApiRequest& request,
                              const Reply& reply) {
  auto resume = ResumePoint(request);
  if (!resume.ok()) return reply(CommandValidationFailure({resume.error()}));
  // Without an id the stream starts with the events after this moment.
  uint64_t after = resume->value_or(core->Events().LastSequence());
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex);
    if (stopping) return reply(ServerError("the controller is stopping"));
    id = next_id++;
  }
  core::StreamOptions options;
  options.max_unread_bytes = kMaxUnreadBytes;
  options.on_closed = [weak = std::weak_ptr<State>(self), id] {
    if (auto alive = weak.lock()) alive->Gone(id);
  };
  core::ResponseStream stream =
      request.responder.Stream(200, "text/event-stream", std::move(options),
                               {{"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}});
  if (!stream.open()) return;  // the client left already
  {
    std::lock_guard lock(mutex);
    joining.push_back(Joining{id, std::move(stream), after});
  }
  wake.notify_one();
}

void EventStream::WriteMetrics(core::PrometheusText& out) const {
  EventFigures figures = state_->core->Events().Figures();
  out.Family("drove_events_total", core::MetricType::kCounter,
             "Cluster events recorded by this controller since it started, by type.");
  for (const auto& [type, count] : figures.added_by_type) {
    out.Sample("drove_events_total", {{"type", type}}, count);
  }
  out.Family("drove_event_store_events", core::MetricType::kGauge,
             "Events the event store holds now (bounded by maxEventsStorageDuration).");
  out.Sample("drove_event_store_events", {}, figures.stored);
  out.Family("drove_event_stream_clients", core::MetricType::kGauge,
             "Clients connected to the live event stream.");
  out.Sample("drove_event_stream_clients", {}, state_->client_count.load());
}

}  // namespace drove::controller::api
