package dev.smartparking.simulator.city;

/** Gives each device the secret it is provisioned with and connects with. */
public interface SecretSource {

  String secretFor(String deviceId);
}
