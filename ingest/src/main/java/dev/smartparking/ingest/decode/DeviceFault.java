package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;

/**
 * Thrown (or failed with) while inspecting a message the device got wrong. It never escapes
 * inspection: {@link MessageInspector} turns it into a {@link Rejected} verdict. No stack
 * trace, because hostile devices can make these by the thousand.
 */
public final class DeviceFault extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Outcome reason;

  public DeviceFault(Outcome reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public Outcome reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
