package dev.smartparking.simulator.load;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves the server a load run aims at, refusing anything but loopback: load is aimed only at this machine. */
final class LoopbackTarget {

  private LoopbackTarget() {}

  static InetAddress resolve(String host) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(host);
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "load runs only against loopback servers (127.x.y.z, ::1, localhost); " + host + " is " + address.getHostAddress());
    }
    return address;
  }
}
