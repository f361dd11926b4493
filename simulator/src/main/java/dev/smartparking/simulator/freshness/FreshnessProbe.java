package dev.smartparking.simulator.freshness;

import dev.smartparking.simulator.availability.Availability;
import dev.smartparking.simulator.availability.AvailabilityClient;
import dev.smartparking.simulator.availability.DistrictAvailability;
import dev.smartparking.simulator.device.DeviceConnection;
import dev.smartparking.simulator.device.StatusPayload;
import dev.smartparking.simulator.http.ApiFailure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Publishes one status at a time to the probe lot and times how long after its PUBACK the
 * availability API shows it: the delay a city platform sees between a device being told "stored"
 * and the figure being visible.
 */
final class FreshnessProbe {

  private static final Duration POLL_PAUSE = Duration.ofMillis(2);

  private final ProbeLot lot;
  private final DeviceConnection connection;
  private final AvailabilityClient availability;
  private final Duration visibleTimeout;
  private final Histogram freshnessMicros = new Histogram(60_000_000L, 3);
  private final Histogram pubackMicros = new Histogram(60_000_000L, 3);
  private long seq = System.currentTimeMillis() * 1000;
  private long probes;
  private long neverVisible;

  FreshnessProbe(ProbeLot lot, DeviceConnection connection, AvailabilityClient availability, Duration visibleTimeout) {
    this.lot = lot;
    this.connection = connection;
    this.availability = availability;
    this.visibleTimeout = visibleTimeout;
  }

  /** One probe: publish a free count the lot does not show yet, then poll until it does. */
  void probeOnce() throws ApiFailure, InterruptedException, ExecutionException, TimeoutException {
    int free = (int) (probes % lot.capacity());
    StatusPayload payload = new StatusPayload(seq++, System.currentTimeMillis(), lot.capacity(), free);
    long sent = System.nanoTime();
    connection.publish(lot.topic(), payload.bytes()).get(30, TimeUnit.SECONDS);
    long acked = System.nanoTime();
    pubackMicros.recordValue(Math.max(0, (acked - sent) / 1000));
    probes++;
    long deadline = acked + visibleTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (shows(availability.fetch(), free)) {
        freshnessMicros.recordValue(Math.max(0, (System.nanoTime() - acked) / 1000));
        return;
      }
      Thread.sleep(POLL_PAUSE.toMillis());
    }
    neverVisible++;
  }

  private boolean shows(Availability city, int free) {
    for (DistrictAvailability district : city.districts()) {
      if (district.code().equals(lot.districtCode())) {
        return district.free() == free && district.total() == lot.capacity();
      }
    }
    return false;
  }

  long probes() {
    return probes;
  }

  long neverVisible() {
    return neverVisible;
  }

  Histogram freshnessMicros() {
    return freshnessMicros;
  }

  Histogram pubackMicros() {
    return pubackMicros;
  }
}
