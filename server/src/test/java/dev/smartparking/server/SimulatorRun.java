package dev.smartparking.server;

import dev.smartparking.simulator.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One run of the simulator's command line, in process, with what it printed captured. */
record SimulatorRun(int exit, String out, String err) {

  static SimulatorRun of(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    return new SimulatorRun(exit, out.toString(), err.toString());
  }
}
