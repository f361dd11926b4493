package dev.smartparking.simulator.verify;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * The outcome of one verify: what was compared and every difference found.
 *
 * @param alarms what the alarm checks judged, when the ledger had cover readings
 * @param deliveries what the delivery check judged, when the run had receivers
 */
public record VerifyResult(
    int lots,
    int devices,
    int rejections,
    int answers,
    Optional<AlarmsJudged> alarms,
    Optional<DeliveriesJudged> deliveries,
    Differences differences) {

  public VerifyResult(int lots, int devices, int rejections, int answers, Differences differences) {
    this(lots, devices, rejections, answers, Optional.empty(), Optional.empty(), differences);
  }

  public boolean passed() {
    return differences.none();
  }

  /** PASS or FAIL on the first line, what was compared, then each check's differences. */
  public void print(PrintWriter out) {
    StringBuilder compared = new StringBuilder("%d lots, %d devices, %d rejections, %d answers".formatted(lots, devices, rejections, answers));
    alarms.ifPresent(
        a -> compared.append(", %d covers, %d alarms, %d alarm events".formatted(a.covers(), a.alarms(), a.events())));
    deliveries.ifPresent(d -> compared.append(", %d deliveries".formatted(d.events())));
    out.println(
        "verify: %s (%s compared; %d differences)".formatted(passed() ? "PASS" : "FAIL", compared, differences.total()));
    alarms
        .filter(a -> a.notJudged() > 0)
        .ifPresent(a -> out.println("  alarms: %d covers or (cover, type) pairs not judged (a reading unanswered, or an operator acted)".formatted(a.notJudged())));
    deliveries.ifPresent(
        d -> out.println(
            "  deliveries: %d of %d events delivered; %d duplicates on the wire (allowed), %d attempts refused by the receivers (retried)"
                .formatted(d.delivered(), d.events(), d.duplicates(), d.refused())));
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
