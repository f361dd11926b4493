package dev.smartparking.simulator.load;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves the server a load run aims at, refusing anything but loopback: load is aimed only at this machine. */
public final class LoopbackTarget {

  private LoopbackTarget() {}

  public static InetAddress resolve(String host) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(host);
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "load and flood run only against loopback servers (127.x.y.z, ::1, localhost); " + host + " is " + address.getHostAddress());
    }
    return address;
  }
}
