package dev.smartparking.alarm.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a webhook may reach. A webhook URL comes from a catalogue, and the server sits
 * inside the city's network next to its database: left open, a URL could make the server call
 * whatever listens on loopback or on the intranet. So loopback is refused unless
 * alarms.webhook-allow-loopback (tests, bin/demo), private ranges unless
 * alarms.webhook-allow-private (a unit's receiver on the city intranet), and link-local (the
 * cloud metadata service lives at 169.254.169.254), unspecified, multicast and broadcast
 * addresses always. The address checked is the one connected to, so a name that resolves
 * differently a moment later cannot slip past.
 */
final class TargetPolicy {

  private final boolean allowLoopback;
  private final boolean allowPrivate;

  TargetPolicy(boolean allowLoopback, boolean allowPrivate) {
    this.allowLoopback = allowLoopback;
    this.allowPrivate = allowPrivate;
  }

  /** Why {@code address} is refused, or null when a webhook may be called there. */
  String refusal(InetAddress address) {
    String shown = address.getHostAddress();
    if (address.isLoopbackAddress()) {
      return allowLoopback ? null : shown + " is a loopback address (alarms.webhook-allow-loopback is false)";
    }
    if (isPrivate(address)) {
      return allowPrivate ? null : shown + " is a private address (alarms.webhook-allow-private is false)";
    }
    if (address.isLinkLocalAddress()) {
      return shown + " is a link-local address";
    }
    if (address.isAnyLocalAddress() || address.isMulticastAddress() || isBroadcast(address)) {
      return shown + " is not a unicast address";
    }
    return null;
  }

  private static boolean isPrivate(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      // 10/8, 172.16/12, 192.168/16 (isSiteLocalAddress), and 100.64/10, carrier-grade NAT.
      return address.isSiteLocalAddress() || ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
    }
    // fc00::/7 unique local; fec0::/10, the deprecated site-local.
    return address instanceof Inet6Address && ((b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress());
  }

  private static boolean isBroadcast(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
  }
}
