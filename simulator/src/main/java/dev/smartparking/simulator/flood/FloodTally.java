package dev.smartparking.simulator.flood;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What became of the flood's CONNECTs: CONNACKs by return code, and those that got none (the TCP
 * connect failed, the server closed first, or nothing came within the timeout). Written by the
 * event loop, read by the progress line.
 */
final class FloodTally {

  /** MQTT 3.1.1 CONNACK return codes 0 to 5, by name; any other code counts as "other". */
  static final String[] CODES = {
    "accepted", "unacceptable_protocol_version", "identifier_rejected", "server_unavailable",
    "bad_user_name_or_password", "not_authorized"
  };
  private static final int OTHER = CODES.length;

  private final AtomicLong started = new AtomicLong();
  private final AtomicLongArray connacks = new AtomicLongArray(CODES.length + 1);
  private final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong closedWithoutConnack = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile int peakInFlight;

  /** A socket begins: it is in flight until settled. */
  void launched() {
    started.incrementAndGet();
    int now = inFlight.incrementAndGet();
    if (now > peakInFlight) {
      peakInFlight = now;
    }
  }

  void connack(int code) {
    connacks.incrementAndGet(code >= 0 && code < CODES.length ? code : OTHER);
    inFlight.decrementAndGet();
  }

  void connectFailed() {
    settledWithout(connectFailures);
  }

  void closedWithoutConnack() {
    settledWithout(closedWithoutConnack);
  }

  void timedOut() {
    settledWithout(timeouts);
  }

  /** Something other than a CONNACK came first. */
  void malformed() {
    settledWithout(malformed);
  }

  private void settledWithout(AtomicLong outcome) {
    outcome.incrementAndGet();
    inFlight.decrementAndGet();
  }

  long started() {
    return started.get();
  }

  int inFlight() {
    return inFlight.get();
  }

  long answered() {
    long sum = 0;
    for (int i = 0; i < connacks.length(); i++) {
      sum += connacks.get(i);
    }
    return sum;
  }

  long accepted() {
    return connacks.get(0);
  }

  /** CONNACKs refusing the login as a server refuses an unknown device or a wrong secret (4 or 5). */
  long refused() {
    return connacks.get(4) + connacks.get(5);
  }

  /** CONNECTs that got no CONNACK at all. */
  long unanswered() {
    return connectFailures.get() + closedWithoutConnack.get() + timeouts.get() + malformed.get();
  }

  JsonObject toJson() {
    JsonObject codes = new JsonObject();
    for (int i = 0; i < CODES.length; i++) {
      codes.put(i + "_" + CODES[i], connacks.get(i));
    }
    codes.put("other", connacks.get(OTHER));
    return new JsonObject()
        .put("started", started.get())
        .put("connack", codes)
        .put("refused", refused())
        .put("accepted", accepted())
        .put("connect_failures", connectFailures.get())
        .put("closed_without_connack", closedWithoutConnack.get())
        .put("timeouts", timeouts.get())
        .put("malformed_answers", malformed.get())
        .put("peak_in_flight", peakInFlight);
  }
}
