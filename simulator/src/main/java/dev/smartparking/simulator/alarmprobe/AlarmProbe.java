package dev.smartparking.simulator.alarmprobe;

import dev.smartparking.simulator.device.DeviceConnection;
import dev.smartparking.simulator.device.TelemetryPayload;
import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.webhook.Delivery;
import dev.smartparking.simulator.webhook.WebhookReceivers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One alarm at a time on the probe cover: publish a tilted reading, and time from its PUBACK until
 * the alarm it raises is listed by the API and until the unit's receiver has its signed
 * {@code alarm.raised}; then resolve the alarm as an operator, so the next tilted reading raises a
 * new one. The delay a unit on duty sees between a sensor being told "stored" and the alarm reaching
 * it.
 */
final class AlarmProbe {

  private static final Duration POLL_PAUSE = Duration.ofMillis(2);
  private static final double TILTED_DEG = 40;

  private final ProbeCover cover;
  private final DeviceConnection connection;
  /** An operator's: it lists alarms and resolves them. */
  private final ApiClient operator;
  private final WebhookReceivers receivers;
  private final Duration timeout;
  private final Histogram visibleMicros = new Histogram(60_000_000L, 3);
  private final Histogram deliveredMicros = new Histogram(600_000_000L, 3);
  private final Histogram pubackMicros = new Histogram(60_000_000L, 3);
  private long seq = System.currentTimeMillis() * 1000;
  private long probes;
  private long neverVisible;
  private long neverDelivered;
  private int deliveriesSeen;

  AlarmProbe(ProbeCover cover, DeviceConnection connection, ApiClient operator, WebhookReceivers receivers,
      Duration timeout) {
    this.cover = cover;
    this.connection = connection;
    this.operator = operator;
    this.receivers = receivers;
    this.timeout = timeout;
  }

  void probeOnce() throws Exception {
    long sentSeq = seq++;
    TelemetryPayload tilted = new TelemetryPayload(sentSeq, System.currentTimeMillis(), TILTED_DEG, false, -120, 1.5, 80, -90);
    long sent = System.nanoTime();
    connection.publish(cover.topic(), tilted.bytes()).get(30, TimeUnit.SECONDS);
    long acked = System.nanoTime();
    long ackedWallMillis = System.currentTimeMillis();
    pubackMicros.recordValue(Math.max(0, (acked - sent) / 1000));
    probes++;
    String alarmId = awaitListed(sentSeq, acked);
    if (alarmId == null) {
      neverVisible++;
      return;
    }
    if (!awaitDelivered(sentSeq, ackedWallMillis, acked)) {
      neverDelivered++;
    }
    operator.postJson("/api/v1/covers/alarms/" + alarmId + "/resolve", "{\"note\": \"alarm probe\"}");
  }

  /** The id of the open tilt alarm raised by reading {@code sentSeq}, once listed; null after the timeout. */
  private String awaitListed(long sentSeq, long acked) throws ApiFailure, InterruptedException {
    long deadline = acked + timeout.toNanos();
    String path = "/api/v1/covers/alarms?cover=" + cover.coverId() + "&status=open&type=tilt&limit=1";
    while (System.nanoTime() < deadline) {
      JsonArray alarms = operator.getJson(path).getJsonArray("alarms", new JsonArray());
      if (!alarms.isEmpty() && raisedBy(alarms.getJsonObject(0), sentSeq)) {
        visibleMicros.recordValue(Math.max(0, (System.nanoTime() - acked) / 1000));
        return alarms.getJsonObject(0).getString("id");
      }
      Thread.sleep(POLL_PAUSE.toMillis());
    }
    return null;
  }

  private boolean awaitDelivered(long sentSeq, long ackedWallMillis, long acked) throws InterruptedException {
    long deadline = acked + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Delivery> deliveries = receivers.deliveries();
      for (int i = deliveriesSeen; i < deliveries.size(); i++) {
        Delivery d = deliveries.get(i);
        JsonObject event = d.json();
        if (d.taken() && d.signatureFault() == null && event != null && "alarm.raised".equals(event.getString("event"))
            && raisedBy(event.getJsonObject("alarm"), sentSeq)) {
          deliveriesSeen = i + 1;
          deliveredMicros.recordValue(Math.max(0, (d.receivedAtMillis() - ackedWallMillis) * 1000));
          return true;
        }
      }
      Thread.sleep(POLL_PAUSE.toMillis());
    }
    return false;
  }

  private static boolean raisedBy(JsonObject alarm, long seq) {
    JsonObject reading = alarm == null ? null : alarm.getJsonObject("reading");
    return reading != null && reading.getLong("seq", -1L) == seq;
  }

  long probes() {
    return probes;
  }

  long neverVisible() {
    return neverVisible;
  }

  long neverDelivered() {
    return neverDelivered;
  }

  Histogram visibleMicros() {
    return visibleMicros;
  }

  Histogram deliveredMicros() {
    return deliveredMicros;
  }

  Histogram pubackMicros() {
    return pubackMicros;
  }
}
