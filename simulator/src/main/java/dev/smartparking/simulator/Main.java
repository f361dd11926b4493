package dev.smartparking.simulator;

import dev.smartparking.simulator.alarmprobe.AlarmLatencyCommand;
import dev.smartparking.simulator.catalogue.CityCommand;
import dev.smartparking.simulator.demo.DemoCommand;
import dev.smartparking.simulator.hostile.HostileCommand;
import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.flood.FloodCommand;
import dev.smartparking.simulator.freshness.FreshnessCommand;
import dev.smartparking.simulator.load.LoadCommand;
import dev.smartparking.simulator.provision.ProvisionCommand;
import dev.smartparking.simulator.verify.VerifyCommand;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The simulator's command line: {@code city}, {@code provision}, {@code demo}, {@code load}, {@code flood}, {@code hostile}, {@code verify}, {@code freshness}. */
@Command(
    name = "smartparking-simulator",
    mixinStandardHelpOptions = true,
    version = "smartparking-simulator 0.1.0",
    description = "Simulates a Jiaozuo-shaped city's parking devices against the smart-parking server.",
    subcommands = {CityCommand.class, ProvisionCommand.class, DemoCommand.class, LoadCommand.class, FloodCommand.class, HostileCommand.class,
        VerifyCommand.class, FreshnessCommand.class, AlarmLatencyCommand.class, HelpCommand.class})
public final class Main implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command: city, provision, demo, load, flood, hostile, verify or freshness");
  }

  /** The command line with the simulator's converters registered on every command. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.registerConverter(Duration.class, DurationText::parse);
    commandLine.registerConverter(MqttVersion.class, MqttVersion::parse);
    return commandLine;
  }

  public static void main(String[] args) {
    // Explicit exit: the MQTT client's threads would otherwise keep the JVM alive.
    System.exit(commandLine().execute(args));
  }
}
