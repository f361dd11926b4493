package dev.smartparking.simulator.load;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback addresses connections are bound to before connecting.
 *
 * <p>Each source address has its own ephemeral port range (about 28,000 ports here), so spreading
 * connections over 127.0.0.2, 127.0.0.3, … is what lets one machine open 50,000 connections to one
 * port. Only loopback addresses are accepted: a load generator must never bind a real interface.
 */
public final class SourceAddresses {

  /** Connections planned per address by default, well inside one address's ephemeral port range. */
  static final int CONNECTIONS_PER_ADDRESS = 20_000;

  private SourceAddresses() {}

  /**
   * Reads {@code 4} (127.0.0.2 and the next three), {@code 127.0.0.2-127.0.0.9}, or a comma list of
   * addresses and ranges.
   */
  public static List<InetAddress> parse(String text) {
    String trimmed = text.strip();
    if (trimmed.matches("\\d+")) {
      return first(Integer.parseInt(trimmed));
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (String part : trimmed.split(",")) {
      String[] ends = part.strip().split("-");
      if (ends.length == 1) {
        addresses.add(loopback(ends[0]));
      } else if (ends.length == 2) {
        addresses.addAll(range(loopback(ends[0]), loopback(ends[1])));
      } else {
        throw new IllegalArgumentException("not an address or a range: '" + part + "'");
      }
    }
    if (addresses.stream().distinct().count() != addresses.size()) {
      throw new IllegalArgumentException("source addresses repeat: " + text);
    }
    return List.copyOf(addresses);
  }

  /** Enough addresses for the connections, and at least one per process so processes never share one. */
  public static List<InetAddress> defaultFor(int connections, int processes) {
    int needed = (connections + CONNECTIONS_PER_ADDRESS - 1) / CONNECTIONS_PER_ADDRESS;
    return first(Math.max(needed, processes));
  }

  /** 127.0.0.2 and the next {@code count - 1} addresses; 127.0.0.1 is left to the servers. */
  static List<InetAddress> first(int count) {
    if (count < 1 || count > 250) {
      throw new IllegalArgumentException("between 1 and 250 source addresses, got " + count);
    }
    return range(loopback("127.0.0.2"), loopback("127.0.0." + (count + 1)));
  }

  static InetAddress loopback(String text) {
    InetAddress address;
    try {
      // Literal addresses only: no name lookups.
      if (!text.strip().matches("[0-9.]+")) {
        throw new IllegalArgumentException("a source address is an IPv4 literal such as 127.0.0.2, got '" + text + "'");
      }
      address = InetAddress.getByName(text.strip());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: '" + text + "'", e);
    }
    if (!(address instanceof Inet4Address) || !address.isLoopbackAddress()) {
      throw new IllegalArgumentException("source addresses must be loopback (127.x.y.z), got " + text);
    }
    return address;
  }

  private static List<InetAddress> range(InetAddress from, InetAddress to) {
    long first = asLong(from);
    long last = asLong(to);
    if (last < first || last - first >= 65_536) {
      throw new IllegalArgumentException("not a usable range: " + from.getHostAddress() + "-" + to.getHostAddress());
    }
    List<InetAddress> addresses = new ArrayList<>();
    for (long a = first; a <= last; a++) {
      byte[] bytes = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
      try {
        addresses.add(InetAddress.getByAddress(bytes));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("four bytes are always an address", e);
      }
    }
    return addresses;
  }

  private static long asLong(InetAddress address) {
    byte[] b = address.getAddress();
    return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
  }
}
