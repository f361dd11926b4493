package dev.smartparking.alarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.alarm.fixture.AlarmDatabase;
import dev.smartparking.alarm.fixture.RunningDispatcher;
import dev.smartparking.testkit.WebhookReceiver;
import dev.smartparking.testkit.WebhookReceiver.Answer;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.testkit.Eventually;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two processes' dispatchers (each its own Vert.x, pool and meters) on one database: they share
 * the deliveries, both make progress, and never send one event twice at once.
 */
class TwoDispatchersTest {

  @Test
  void twoDispatchersShareTheWorkWithoutSendingAnEventTwiceAtOnce() {
    Vertx receivers = Vertx.vertx();
    List<WebhookReceiver> started = new ArrayList<>();
    try (AlarmDatabase db = AlarmDatabase.create()) {
      for (String unit : AlarmDatabase.UNITS) {
        WebhookReceiver receiver = WebhookReceiver.start(receivers, "secret-" + unit + "-0123456789");
        // Slow enough that both dispatchers' claims overlap with calls in flight.
        receiver.answer((event, times) -> Answer.after(30, 200));
        db.webhook(unit, receiver.url(), "secret-" + unit + "-0123456789");
        started.add(receiver);
      }
      ServerConfig config = db.config().set("alarms.delivery-max-per-second", "1000").build();
      try (RunningDispatcher one = RunningDispatcher.start(config);
          RunningDispatcher two = RunningDispatcher.start(config)) {
        List<Long> alarms = db.raiseAll("tilt", "SELECT id FROM covers ORDER BY id");
        db.clearAll(alarms.subList(0, alarms.size() / 2));
        long events = db.count("SELECT count(*) FROM alarm_deliveries");
        Eventually.within(Duration.ofSeconds(60), () -> "delivered: " + db.count(
                "SELECT count(*) FROM alarm_deliveries WHERE status = 'delivered'") + " of " + events,
            () -> db.count("SELECT count(*) FROM alarm_deliveries WHERE status = 'delivered'") == events);
        assertThat(one.delivered()).as("first dispatcher's deliveries").isPositive();
        assertThat(two.delivered()).as("second dispatcher's deliveries").isPositive();
        assertThat(one.delivered() + two.delivered()).isGreaterThanOrEqualTo(events);
      }
      for (WebhookReceiver receiver : started) {
        assertThat(receiver.sentTwiceAtOnce()).as("an event sent twice at once").isZero();
        assertThat(receiver.received()).allMatch(WebhookReceiver.Received::signatureValid);
      }
      assertThat(started.stream().mapToInt(r -> r.firstArrivals().size()).sum()).isEqualTo(225);
    } finally {
      started.forEach(WebhookReceiver::close);
      receivers.close().await();
    }
  }
}
