package dev.smartparking.simulator.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.Main;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CityCommandTest {

  @Test
  void cityCommandWritesTheCatalogueAndPrintsAOneLineSummary(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("city.json");
    StringWriter printed = new StringWriter();

    int exit =
        Main.commandLine()
            .setOut(new PrintWriter(printed, true))
            .execute("city", "--scale", "0.05", "--seed", "7", "--out", out.toString());

    JsonObject catalogue = new JsonObject(Files.readString(out, StandardCharsets.UTF_8));
    assertThat(exit).isZero();
    assertThat(printed.toString().lines())
        .singleElement()
        .asString()
        .startsWith(
            "districts=11 units=23 lots=%d bays="
                .formatted(catalogue.getJsonArray("lots").size()))
        .contains("covers=%d devices=%d".formatted(catalogue.getJsonArray("covers").size(), catalogue.getJsonArray("devices").size()));
  }

  @Test
  void aNegativeScaleIsAUsageError(@TempDir Path dir) {
    StringWriter errors = new StringWriter();

    int exit =
        Main.commandLine()
            .setErr(new PrintWriter(errors, true))
            .execute("city", "--scale", "-1", "--out", dir.resolve("x.json").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(errors.toString()).contains("scale must be a finite number >= 0");
    assertThat(dir.resolve("x.json")).doesNotExist();
  }
}
