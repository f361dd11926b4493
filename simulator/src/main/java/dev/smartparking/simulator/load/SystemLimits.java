package dev.smartparking.simulator.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The operating-system limits that decide how many connections fit: open files per process, ports per source address. */
final class SystemLimits {

  private static final long UNKNOWN_LIMIT = 1_024;
  private static final long DEFAULT_EPHEMERAL_PORTS = 28_232;

  private SystemLimits() {}

  /** This process's open-files limit; every socket is one file. */
  static long openFiles() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return UNKNOWN_LIMIT;
  }

  /** Ports in the ephemeral range: how many connections one source address can make to one server port. */
  static long ephemeralPorts() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip().split("\\s+");
      return Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_PORTS;
    }
  }
}
