package dev.smartparking.simulator;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --report} option of the commands that end with a JSON report, and the writing of it. */
public final class ReportOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--report", description = "Write the JSON report to this file instead of stdout.")
  Path report;

  /** Prints the report on the command's stdout, or writes it to the {@code --report} file and says where on stderr. */
  public void write(JsonObject json) throws IOException {
    String text = json.encodePrettily();
    if (report == null) {
      PrintWriter out = mixee.commandLine().getOut();
      out.println(text);
      out.flush();
    } else {
      Files.writeString(report, text + System.lineSeparator(), StandardCharsets.UTF_8);
      PrintWriter err = mixee.commandLine().getErr();
      err.println("report written to " + report);
      err.flush();
    }
  }
}
