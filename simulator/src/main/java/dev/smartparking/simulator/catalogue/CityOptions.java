package dev.smartparking.simulator.catalogue;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.CityGenerator;
import dev.smartparking.simulator.city.CityParameters;
import dev.smartparking.simulator.city.JiaozuoReference;
import dev.smartparking.simulator.city.RandomSecrets;
import dev.smartparking.simulator.city.SecretSource;
import dev.smartparking.simulator.city.SeededSecrets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command-line options that shape a generated city, shared by every command that builds one. */
public final class CityOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--scale", defaultValue = "0.05", description = "Multiplies lot and cover counts; 1.0 is Jiaozuo's size (default ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--lots-per-10k-households",
      defaultValue = "" + CityParameters.DEFAULT_LOTS_PER_10K_HOUSEHOLDS,
      description = "Lots per 10,000 piped-gas households at scale 1.0 (default ${DEFAULT-VALUE}).")
  double lotsPer10k;

  @Option(
      names = "--on-street-share",
      defaultValue = "" + CityParameters.DEFAULT_ON_STREET_SHARE,
      description = "Share of lots that are bays-counted street segments (default ${DEFAULT-VALUE}).")
  double onStreetShare;

  @Option(
      names = "--random-secrets",
      description = "Draw device secrets from SecureRandom instead of deriving them from the seed.")
  boolean randomSecrets;

  public long seed() {
    return seed;
  }

  public City generate() {
    SecretSource secrets = randomSecrets ? new RandomSecrets() : new SeededSecrets(seed);
    CityParameters parameters;
    try {
      parameters = new CityParameters(seed, scale, lotsPer10k, onStreetShare);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
    return new CityGenerator(JiaozuoReference.load(), secrets).generate(parameters);
  }
}
