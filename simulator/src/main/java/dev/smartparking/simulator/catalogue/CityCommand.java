package dev.smartparking.simulator.catalogue;

import dev.smartparking.simulator.city.City;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code city}: generates a Jiaozuo-shaped city and writes its catalogue JSON. */
@Command(
    name = "city",
    mixinStandardHelpOptions = true,
    description = "Generate a Jiaozuo-shaped city and write it as a catalogue document.")
public final class CityCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CityOptions city;

  @Option(names = "--out", required = true, description = "Where to write the catalogue JSON.")
  Path out;

  @Override
  public Integer call() throws Exception {
    City generated = city.generate();
    Files.writeString(out, CatalogueJson.of(generated).encodePrettily(), StandardCharsets.UTF_8);
    spec.commandLine().getOut().println(generated.counts().summary() + " -> " + out);
    return 0;
  }
}
