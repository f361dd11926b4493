package dev.smartparking.simulator.verify;

/** The API's ids of alarms ({@code A-000123}) and events ({@code E-000042}): a prefix, a dash, a number. */
final class PrefixedId {

  private PrefixedId() {}

  static long number(String id, String prefix) {
    if (id == null || !id.startsWith(prefix + "-")) {
      throw new IllegalArgumentException("expected an id like " + prefix + "-000001, got " + id);
    }
    try {
      return Long.parseLong(id.substring(prefix.length() + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an id like " + prefix + "-000001, got " + id, e);
    }
  }
}
