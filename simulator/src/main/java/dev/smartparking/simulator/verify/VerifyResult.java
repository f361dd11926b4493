package dev.smartparking.simulator.verify;

import java.io.PrintWriter;

/** The outcome of one verify: what was compared and every difference found. */
public record VerifyResult(
    int lots, int devices, int rejections, int answers, Differences differences) {

  public boolean passed() {
    return differences.none();
  }

  /** PASS or FAIL on the first line, what was compared, then each check's differences. */
  public void print(PrintWriter out) {
    out.println(
        "verify: %s (%d lots, %d devices, %d rejections, %d answers compared; %d differences)"
            .formatted(passed() ? "PASS" : "FAIL", lots, devices, rejections, answers, differences.total()));
    for (Check check : Check.values()) {
      int count = differences.count(check);
      if (count == 0) {
        continue;
      }
      out.println("  %s: %d differences".formatted(check.label(), count));
      differences.shown(check).forEach(line -> out.println("    " + line));
      int hidden = count - differences.shown(check).size();
      if (hidden > 0) {
        out.println("    … and %d more".formatted(hidden));
      }
    }
    out.flush();
  }
}
