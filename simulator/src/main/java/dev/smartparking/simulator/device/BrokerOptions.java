package dev.smartparking.simulator.device;

import picocli.CommandLine.Option;

/** The command-line options naming the broker the devices connect to, shared by {@code demo} and {@code hostile}. */
public final class BrokerOptions {

  @Option(names = "--mqtt-host", defaultValue = "127.0.0.1", description = "Broker host (default ${DEFAULT-VALUE}).")
  String mqttHost;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "Broker port (default ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(names = "--mqtt-version", defaultValue = "5", description = "3.1.1 or 5 (default ${DEFAULT-VALUE}).")
  MqttVersion mqttVersion;

  public Broker broker() {
    return new Broker(mqttHost, mqttPort, mqttVersion);
  }
}
