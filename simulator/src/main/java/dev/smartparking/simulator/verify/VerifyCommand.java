package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.http.ApiAddress;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verify}: compares a run's ledger with what the API reports and prints PASS or FAIL. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Compare a run's ledger with what the API reports: every lot's latest acknowledged state, every"
            + " acknowledged message counted once, every hostile message rejected for the right reason, every"
            + " cover reading's alarms (webhook deliveries are judged only by a run with its receivers: demo --verify).",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:pass", "1:fail", "2:bad usage or unreadable ledger", "3:the API could not be read"})
public final class VerifyCommand implements Callable<Integer> {

  public static final int PASS = 0;
  public static final int FAIL = 1;
  public static final int USAGE = 2;
  public static final int API_UNREADABLE = 3;

  @Spec CommandSpec spec;

  @Option(names = "--ledger", required = true, description = "The run's ledger (JSON lines).")
  Path ledger;

  @Mixin ApiAddress api;

  @Option(names = "--admin-token", required = true, description = "Bearer token with the admin role.")
  String adminToken;

  @Option(names = "--reader-token", required = true, description = "Bearer token with the reader role.")
  String readerToken;

  @Option(names = "--mqtt-version", defaultValue = "5", description = "The run's MQTT version, 3.1.1 or 5 (default ${DEFAULT-VALUE}).")
  MqttVersion mqttVersion;

  @Option(names = "--max-differences", defaultValue = "20", description = "Differences printed per check; the rest are counted (default ${DEFAULT-VALUE}).")
  int maxDifferences;

  @Option(
      names = "--sweep-interval",
      defaultValue = "30s",
      description = "The server's alarms.sweep-interval: a cover silent longer than 2 × its report interval + this must have raised a silent alarm (default ${DEFAULT-VALUE}, the longest the server may use).")
  Duration sweepInterval;

  @Override
  public Integer call() {
    if (maxDifferences < 0) {
      throw new ParameterException(spec.commandLine(), "--max-differences must be >= 0");
    }
    PrintWriter err = spec.commandLine().getErr();
    List<LedgerEntry> entries;
    try {
      entries = Ledger.read(ledger);
    } catch (IOException | RuntimeException e) {
      err.println("cannot read the ledger %s: %s".formatted(ledger, e.getMessage()));
      return USAGE;
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new ParameterException(spec.commandLine(), "--sweep-interval must be positive");
    }
    return run(
        new Verification(api.baseAddress(), adminToken, readerToken, mqttVersion, maxDifferences, sweepInterval),
        entries,
        spec.commandLine().getOut(),
        err);
  }

  /** Verifies and prints; the exit code for it. Shared by the commands that verify at their end. */
  public static int run(Verification verification, List<LedgerEntry> entries, PrintWriter out, PrintWriter err) {
    return run(() -> verification.verify(entries), out, err);
  }

  /** As above, with the run's alarms already read (and their deliveries, by the run's receivers). */
  public static int run(Verification verification, List<LedgerEntry> entries, RunAlarms alarms, PrintWriter out, PrintWriter err) {
    return run(() -> verification.verify(entries, alarms), out, err);
  }

  private interface Verifying {
    VerifyResult result() throws ApiFailure;
  }

  private static int run(Verifying verifying, PrintWriter out, PrintWriter err) {
    try {
      VerifyResult result = verifying.result();
      result.print(out);
      return result.passed() ? PASS : FAIL;
    } catch (ApiFailure failure) {
      err.println("verify: cannot read the API: " + failure.describe());
      err.flush();
      return API_UNREADABLE;
    }
  }
}
