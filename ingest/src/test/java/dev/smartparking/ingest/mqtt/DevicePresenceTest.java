package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.GW2_SECRET;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ingest records each session in device_presence as it opens and closes, under its own live process (V14). */
class DevicePresenceTest {

  private static final String CONNECTED = """
      SELECT count(*) FROM device_presence p JOIN ingest_processes i USING (process_id)
      WHERE p.device_id = 'gw-2' AND p.last_seen_at > now() - interval '1 minute'""";
  private static final String CLOSED = """
      SELECT count(*) FROM device_presence
      WHERE device_id = 'gw-2' AND process_id IS NULL AND last_seen_at > now() - interval '1 minute'""";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  @Test
  void sessionIsRecordedAsConnectedUnderALiveProcessAndThenAsClosed() {
    Mqtt5BlockingClient client = fixture.connect5(GW2, GW2_SECRET);

    Eventually.within(Duration.ofSeconds(5), "session recorded", () -> fixture.db().count(CONNECTED) == 1);

    client.disconnect();

    Eventually.within(Duration.ofSeconds(5), "closed session recorded", () -> fixture.db().count(CLOSED) == 1);
  }
}
