package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.ingest.IngestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The throttle's bookkeeping when resuming one connection fills the queue again, as Netty's
 * buffered reads do with thousands of connections. StorageBehindTest covers pausing over real
 * sockets; this order cannot be forced there.
 */
class IntakeThrottleTest {

  private static final int HIGH = 100;
  private static final int LOW = 10;

  private int queue;
  private final List<String> resumed = new ArrayList<>();
  private final IntakeThrottle throttle =
      new IntakeThrottle(() -> queue, HIGH, LOW, new IngestMetrics(new SimpleMeterRegistry()));

  /** A connection; the flooding one hands over enough buffered messages to reach the high mark. */
  private final class Connection implements IntakeThrottle.Reader {
    private final String name;
    private final boolean floods;
    private boolean paused;

    Connection(String name, boolean floods) {
      this.name = name;
      this.floods = floods;
    }

    @Override
    public void storageBehind(boolean behind) {
      paused = behind;
      if (!behind) {
        resumed.add(name);
        if (floods) {
          queue = HIGH;
          throttle.check();
        }
      }
    }
  }

  @Test
  void keepsTheRestPausedWhenAResumedConnectionRefillsTheQueueAndResumesThemFirstNextTime() {
    Connection a = new Connection("a", true);
    Connection b = new Connection("b", false);
    Connection c = new Connection("c", false);
    List.of(a, b, c).forEach(throttle::add);
    resumed.clear();

    queue = HIGH;
    throttle.check();
    queue = LOW;
    throttle.check();

    assertThat(resumed).containsExactly("a");
    assertThat(throttle.behind()).isTrue();
    assertThat(List.of(a.paused, b.paused, c.paused)).containsOnly(true);

    queue = LOW;
    throttle.check();

    assertThat(resumed).containsExactly("a", "b", "c", "a");
  }
}
