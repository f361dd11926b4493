package dev.smartparking.simulator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One run of the simulator's command line, in process, with what it printed captured. */
public record CommandRun(int exit, String out, String err) {

  public static CommandRun of(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    return new CommandRun(exit, out.toString(), err.toString());
  }

  /** {@code command} followed by each option and its value, in the map's order. */
  public static List<String> arguments(String command, Map<String, String> options) {
    List<String> args = new ArrayList<>(List.of(command));
    options.forEach((option, value) -> args.addAll(List.of(option, value)));
    return args;
  }
}
