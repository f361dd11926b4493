package dev.smartparking.simulator.verify;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --verify} and {@code --max-differences} options of the commands that can verify their own run. */
public final class VerifyOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--verify", description = "Verify the ledger against the API at the end: lots, counts, rejections, answers.")
  boolean verify;

  private int maxDifferences;

  /** Refused as the command line is read, before any run whose verification it would break. */
  @Option(names = "--max-differences", defaultValue = "20", description = "Differences printed per check; the rest are counted (default ${DEFAULT-VALUE}).")
  void maxDifferences(int value) {
    if (value < 0) {
      throw new ParameterException(mixee.commandLine(), "--max-differences must be >= 0");
    }
    maxDifferences = value;
  }

  public boolean verify() {
    return verify;
  }

  public int maxDifferences() {
    return maxDifferences;
  }
}
