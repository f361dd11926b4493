package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.budget.RejectBudget;
import dev.smartparking.secret.SecretDigest;
import dev.smartparking.ingest.registry.Device;
import dev.smartparking.ingest.registry.DeviceRegistry;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;

/**
 * Checks a CONNECT against the registry: client id and username are the device id, the
 * password is its secret, and the device is enabled and not cooling down after exceeding its
 * reject budget. Fails with {@link ConnectRefused} saying which CONNACK to send.
 */
final class ConnectAuthenticator {

  private final DeviceRegistry registry;
  private final RejectBudget rejectBudget;

  ConnectAuthenticator(DeviceRegistry registry, RejectBudget rejectBudget) {
    this.registry = registry;
    this.rejectBudget = rejectBudget;
  }

  Future<Device> authenticate(MqttEndpoint endpoint) {
    MqttAuth auth = endpoint.auth();
    if (auth == null || auth.getUsername() == null || auth.getPassword() == null) {
      return Future.failedFuture(new ConnectRefused(ConnectResult.BAD_CREDENTIALS, "no username or password"));
    }
    if (!auth.getUsername().equals(endpoint.clientIdentifier())) {
      return Future.failedFuture(new ConnectRefused(ConnectResult.IDENTIFIER_REJECTED,
          "client id '" + endpoint.clientIdentifier() + "' is not the device id '" + auth.getUsername() + "'"));
    }
    return registry.device(auth.getUsername())
        .recover(e -> Future.failedFuture(new ConnectRefused(ConnectResult.STORAGE_UNAVAILABLE, e.getMessage())))
        .map(found -> {
          Device device = found.orElseThrow(
              () -> new ConnectRefused(ConnectResult.BAD_CREDENTIALS, "unknown device"));
          if (!SecretDigest.matches(auth.getPassword(), device.secretSha256())) {
            throw new ConnectRefused(ConnectResult.BAD_CREDENTIALS, "wrong secret");
          }
          if (!device.enabled()) {
            throw new ConnectRefused(ConnectResult.NOT_AUTHORIZED, "device disabled");
          }
          // After the credentials: only the device itself learns that it is cooling down.
          if (rejectBudget.coolingDown(device.id())) {
            throw new ConnectRefused(ConnectResult.REJECT_BUDGET, "cooling down after exceeding its reject budget");
          }
          return device;
        });
  }
}
