package dev.smartparking.ingest;

import dev.smartparking.ingest.decode.Topic;
import dev.smartparking.ingest.mqtt.ConnectResult;
import dev.smartparking.ingest.registry.RegistryQueries;
import dev.smartparking.metrics.CoverAlarmEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The ingest path's meters, created once; tags are bounded (outcome, result), never device or lot ids. */
public final class IngestMetrics {

  private final Map<Outcome, Counter> messages = new EnumMap<>(Outcome.class);
  private final Map<ConnectResult, Counter> connects = new EnumMap<>(ConnectResult.class);
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pausedConnections = new AtomicInteger();
  private final AtomicLong writerQueued = new AtomicLong();
  private final AtomicInteger loopsBehind = new AtomicInteger();
  private final AtomicInteger loopsRetrying = new AtomicInteger();
  private final AtomicLong inFlight = new AtomicLong();
  private final DistributionSummary batchSize;
  private final Timer commitLatency;
  private final Counter unstorable;
  private final Counter retries;
  private final Counter deduplicated;
  private final Counter rejectBudgetDisconnects;
  private final Counter revokedDisconnects;
  private final MeterRegistry registry;
  /** By topic kind, then by QoS 0..2; built once, as a PUBLISH counts on the hot path. */
  private final Map<Topic.Kind, Counter[]> received = new EnumMap<>(Topic.Kind.class);
  /** A topic of no known shape. */
  private final Counter[] receivedUnknown;
  private final Timer ackLatency;
  /** By alarm event as stored ("alarm.raised") and type, e.g. "alarm.raised/tilt"; registered up front, 2 x 6. */
  private final Map<String, Counter> coverAlarmEvents = new HashMap<>();

  /** The alarm types of cover_alarms (V7's CHECK), for the counters' bounded type label. */
  /** The events an ingest batch writes: raising and clearing (ack and resolve are the API's). */
  private static final List<String> BATCH_ALARM_EVENTS = List.of("alarm.raised", "alarm.cleared");

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome outcome : Outcome.values()) {
      messages.put(outcome, Counter.builder("smartparking.ingest.messages")
          .description("Device messages by what became of them")
          .tag("outcome", outcome.tag())
          .register(registry));
    }
    for (ConnectResult result : ConnectResult.values()) {
      connects.put(result, Counter.builder("smartparking.mqtt.connects")
          .description("MQTT CONNECT attempts by result")
          .tag("result", result.tag())
          .register(registry));
    }
    registry.gauge("smartparking.mqtt.connections", connections);
    Gauge.builder("smartparking.mqtt.connections.paused", pausedConnections, AtomicInteger::get)
        .description("Connections not being read: at their in-flight limit, or storage is behind")
        .register(registry);
    Gauge.builder("smartparking.ingest.writer.queued", writerQueued, AtomicLong::get)
        .description("Messages waiting for a storage batch, over all event loops")
        .register(registry);
    Gauge.builder("smartparking.ingest.messages.in_flight", inFlight, AtomicLong::get)
        .description("Messages read from devices and not yet committed (or refused): what ingest holds in memory")
        .register(registry);
    Gauge.builder("smartparking.ingest.writer.behind", loopsBehind, AtomicInteger::get)
        .description("Event loops whose writer queue passed its high mark, so their connections are not read")
        .register(registry);
    Gauge.builder("smartparking.ingest.storage.retrying", loopsRetrying, AtomicInteger::get)
        .description("Event loops whose writer holds a batch to send again after a transient storage fault")
        .register(registry);
    batchSize = DistributionSummary.builder("smartparking.ingest.batch.messages")
        .description("Messages written per PostgreSQL round trip")
        .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 2000, 5000)
        .register(registry);
    commitLatency = Timer.builder("smartparking.ingest.batch.commit")
        .description("Time from sending a batch to its commit")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(1000))
        .register(registry);
    unstorable = Counter.builder("smartparking.ingest.unstorable")
        .description("Messages PostgreSQL refused on their data, isolated from their batch and not acknowledged")
        .register(registry);
    retries = Counter.builder("smartparking.ingest.batch.retries")
        .description("Batches held for another attempt after a transient storage fault")
        .register(registry);
    deduplicated = Counter.builder("smartparking.ingest.batch.deduplicated")
        .description("Batches whose optimistic statement met an event already stored, sent again deduplicating")
        .register(registry);
    // Tagged by reason so that other disconnects the server makes can join it.
    rejectBudgetDisconnects = Counter.builder("smartparking.mqtt.disconnects")
        .description("Device connections the server ended, by reason")
        .tag("reason", "reject_budget")
        .register(registry);
    revokedDisconnects = Counter.builder("smartparking.mqtt.disconnects")
        .description("Device connections the server ended, by reason")
        .tag("reason", "revoked")
        .register(registry);
    for (Topic.Kind kind : Topic.Kind.values()) {
      received.put(kind, receivedCounters(registry, kindTag(kind)));
    }
    receivedUnknown = receivedCounters(registry, UNKNOWN_KIND);
    // A device's acknowledgement waits for its batch to commit: buckets from a fast commit to a
    // device's retransmission timeout.
    ackLatency = Timer.builder("smartparking.mqtt.ack")
        .description("Time from reading a QoS 1/2 PUBLISH to writing its PUBACK or PUBREC")
        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10))
        .register(registry);
    for (String event : BATCH_ALARM_EVENTS) {
      for (String type : CoverAlarmEvents.TYPES) {
        coverAlarmEvents.put(event + "/" + type,
            CoverAlarmEvents.counter(registry, event.substring(event.indexOf('.') + 1), type));
      }
    }
  }

  private static final String UNKNOWN_KIND = "unknown";

  private static String kindTag(Topic.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static Counter[] receivedCounters(MeterRegistry registry, String kind) {
    Counter[] byQos = new Counter[3];
    for (int qos = 0; qos < byQos.length; qos++) {
      byQos[qos] = Counter.builder("smartparking.mqtt.messages.received")
          .description("PUBLISH packets read from devices, by the kind of message their topic names and QoS")
          .tag("kind", kind)
          .tag("qos", Integer.toString(qos))
          .register(registry);
    }
    return byQos;
  }

  /**
   * A PUBLISH read, before any check: what devices send, whatever becomes of it. {@code kind} is what
   * its topic's shape names, null for none.
   */
  public void received(Topic.Kind kind, int qos) {
    (kind == null ? receivedUnknown : received.get(kind))[qos].increment();
  }

  /** A PUBACK or PUBREC written, {@code nanos} after its PUBLISH was read. */
  public void acknowledged(long nanos) {
    ackLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void message(Outcome outcome) {
    messages.get(outcome).increment();
  }

  public void connect(ConnectResult result) {
    connects.get(result).increment();
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public void connectionPaused(boolean paused) {
    pausedConnections.addAndGet(paused ? 1 : -1);
  }

  public void inFlightChanged(int delta) {
    inFlight.addAndGet(delta);
  }

  public void writerQueueChanged(int delta) {
    writerQueued.addAndGet(delta);
  }

  public void storageBehind(boolean behind) {
    loopsBehind.addAndGet(behind ? 1 : -1);
  }

  public void storageRetrying(boolean retrying) {
    loopsRetrying.addAndGet(retrying ? 1 : -1);
  }

  public void batchRetried() {
    retries.increment();
  }

  public void batchDeduplicated() {
    deduplicated.increment();
  }

  public int loopsRetrying() {
    return loopsRetrying.get();
  }

  public int loopsBehind() {
    return loopsBehind.get();
  }

  public long messagesInFlight() {
    return inFlight.get();
  }

  public int pausedConnections() {
    return pausedConnections.get();
  }

  /** A device disconnected for sending more rejected messages than its budget allows. */
  public void rejectBudgetDisconnect() {
    rejectBudgetDisconnects.increment();
  }

  /** A device disconnected because a registry change revoked what its session was granted. */
  public void revokedDisconnect() {
    revokedDisconnects.increment();
  }

  /**
   * The query counters of one registry cache ({@code registry}: devices, lots, covers), so that what
   * a CONNECT flood or a reload costs the database shows.
   */
  public RegistryQueries registryQueries(String registry) {
    return new RegistryQueries(registryQueries(registry, "reload"), registryQueries(registry, "lookup"));
  }

  private Counter registryQueries(String cache, String query) {
    return Counter.builder("smartparking.ingest.registry.queries")
        .description("Queries the registry caches sent: whole reloads, and lookups of one entry not in memory")
        .tag("registry", cache)
        .tag("query", query)
        .register(registry);
  }

  /** A message isolated by bisecting a batch that failed on a data error: a gap in validation, worth an alert. */
  public void unstorable() {
    unstorable.increment();
  }

  /**
   * An alarm event a committed batch wrote: {@code event} as stored ("alarm.raised"), {@code type}
   * the alarm's. Both are bounded by cover_alarms' CHECKs; a pair outside them is not counted rather
   * than thrown at the writer, which is answering a committed batch's messages.
   */
  public void coverAlarmEvent(String event, String type) {
    Counter counter = coverAlarmEvents.get(event + "/" + type);
    if (counter != null) {
      counter.increment();
    }
  }

  public void batch(int size, long nanos) {
    batchSize.record(size);
    commitLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
