package dev.smartparking.simulator.hostile;

import dev.smartparking.simulator.ledger.LedgerEntry;
import java.util.Locale;

/** What a hostile-mode message is, and what the server must make of it. */
public enum HostileKind {
  VALID(LedgerEntry.ACCEPTED),
  MALFORMED("malformed"),
  INVALID("invalid"),
  UNKNOWN_TOPIC("unknown_topic"),
  FORBIDDEN("forbidden"),
  UNKNOWN_ENTITY("unknown_entity"),
  CLOCK("clock"),
  /** Payload over 64 KiB: the server closes the connection and stores nothing. */
  OVERSIZED("closed"),
  /** A connection attempt with a bad secret: the CONNACK refuses it. */
  WRONG_PASSWORD("refused");

  private final String expect;

  HostileKind(String expect) {
    this.expect = expect;
  }

  /** The ledger's expectation: {@code accepted}, a rejection reason, {@code closed} or {@code refused}. */
  public String expect() {
    return expect;
  }

  /** The name used in {@code --shares} and the report, e.g. {@code unknown_topic}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HostileKind byLabel(String label) {
    for (HostileKind kind : values()) {
      if (kind.label().equals(label.strip())) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no hostile kind '" + label + "'");
  }
}
