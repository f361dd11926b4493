package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.smartparking.simulator.device.MqttVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceRunnerTest {

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aSliceWhoseParentIsGoneStopsEvenInTheMiddleOfConnecting() throws Exception {
    // One connection a second for 100 devices: a 100-second ramp, unless the end of input stops it.
    LoadSettings settings =
        new LoadSettings(
            "127.0.0.1", List.of(closedPort()), MqttVersion.V3_1_1, 1, 5, 1, 0, 1.0,
            Duration.ofSeconds(5), Duration.ofSeconds(1), 60, 1, null, null, MessageMix.STATUS);
    List<LoadDevice> devices = LoadCity.devices(LoadCity.generate(100, 7));
    LoadRecorder recorder = new LoadRecorder(devices.size());
    LoadRun run = new LoadRun(settings, devices, List.of(InetAddress.getByName("127.0.0.2")), recorder, null);
    StringWriter figures = new StringWriter();

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> SliceRunner.run(run, recorder, settings, new BufferedReader(new StringReader("")), new PrintWriter(figures)));

    assertThat(recorder.counts().connectFailures()).isLessThan(devices.size());
    assertThat(figures.toString()).doesNotContain("\"mark\":\"STARTED\"");
  }
}
