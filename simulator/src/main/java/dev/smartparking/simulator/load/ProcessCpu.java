package dev.smartparking.simulator.load;

import java.lang.management.ManagementFactory;

/** CPU time this process used so far, all threads: what a generator's figures are divided by. */
public final class ProcessCpu {

  private ProcessCpu() {}

  /** Nanoseconds of CPU, or 0 where the JVM does not tell. */
  public static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
