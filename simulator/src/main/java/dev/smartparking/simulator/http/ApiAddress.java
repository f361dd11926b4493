package dev.smartparking.simulator.http;

import picocli.CommandLine.Option;

/** The {@code --api} option of the commands that talk to the platform API, with the local server as its default. */
public final class ApiAddress {

  @Option(names = "--api", defaultValue = "http://127.0.0.1:8080", description = "API base address (default ${DEFAULT-VALUE}).")
  String api;

  public String baseAddress() {
    return api;
  }
}
