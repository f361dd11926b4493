package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.budget.FailedConnects;
import dev.smartparking.ingest.budget.RejectBudget;
import dev.smartparking.ingest.registry.Device;
import dev.smartparking.ingest.registry.DeviceRegistry;
import dev.smartparking.secret.SecretDigest;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import java.util.Optional;

/**
 * Checks a CONNECT against the registry: client id and username are the device id, and either
 * the password is its secret or (mutual TLS) the connection's client certificate names it; the
 * device is enabled and not cooling down after exceeding its reject budget. Fails with
 * {@link ConnectRefused} saying which CONNACK to send. Refused logins spend their source
 * address's budget; an address without budget left is refused unheard.
 */
final class ConnectAuthenticator {

  /**
   * Compared against when the device is unknown, so an unknown id costs the same hash and
   * comparison as a wrong secret and its answer cannot be told apart by timing either.
   */
  private static final byte[] NO_DEVICE_DIGEST = SecretDigest.of("no device has this secret");

  private final DeviceRegistry registry;
  private final RejectBudget rejectBudget;
  private final FailedConnects failedConnects;
  private final boolean certificates;

  /** With {@code certificates}, a device certificate on the connection stands in for the password. */
  ConnectAuthenticator(DeviceRegistry registry, RejectBudget rejectBudget, FailedConnects failedConnects,
      boolean certificates) {
    this.registry = registry;
    this.rejectBudget = rejectBudget;
    this.failedConnects = failedConnects;
    this.certificates = certificates;
  }

  Future<Device> authenticate(MqttEndpoint endpoint) {
    String address = address(endpoint);
    if (!failedConnects.allows(address)) {
      return Future.failedFuture(new ConnectRefused(ConnectResult.RATE_LIMITED,
          "too many refused logins from " + address));
    }
    return check(endpoint).onFailure(e -> {
      if (e instanceof ConnectRefused refused && refused.result().isLoginFailure()) {
        failedConnects.spend(address);
      }
    });
  }

  private Future<Device> check(MqttEndpoint endpoint) {
    Optional<String> certified = certificates && endpoint.isSsl()
        ? DeviceCertificate.deviceId(endpoint.sslSession()) : Optional.empty();
    return certified.isPresent() ? byCertificate(endpoint, certified.get()) : byPassword(endpoint);
  }

  private Future<Device> byCertificate(MqttEndpoint endpoint, String deviceId) {
    MqttAuth auth = endpoint.auth();
    boolean otherUsername = auth != null && auth.getUsername() != null && !auth.getUsername().equals(deviceId);
    // One device's certificate is no credential for another: the same answer as a wrong secret.
    if (!deviceId.equals(endpoint.clientIdentifier()) || otherUsername) {
      return Future.failedFuture(new ConnectRefused(ConnectResult.BAD_CREDENTIALS,
          "certificate of '" + deviceId + "' used for client id '" + endpoint.clientIdentifier() + "'"));
    }
    return find(deviceId).map(found -> admit(found.orElseThrow(
        () -> new ConnectRefused(ConnectResult.BAD_CREDENTIALS, "unknown device"))));
  }

  private Future<Device> byPassword(MqttEndpoint endpoint) {
    MqttAuth auth = endpoint.auth();
    if (auth == null || auth.getUsername() == null || auth.getPassword() == null) {
      return Future.failedFuture(new ConnectRefused(ConnectResult.BAD_CREDENTIALS, "no username or password"));
    }
    if (!auth.getUsername().equals(endpoint.clientIdentifier())) {
      return Future.failedFuture(new ConnectRefused(ConnectResult.IDENTIFIER_REJECTED,
          "client id '" + endpoint.clientIdentifier() + "' is not the device id '" + auth.getUsername() + "'"));
    }
    return find(auth.getUsername()).map(found -> verified(found, auth.getPassword()));
  }

  private Future<Optional<Device>> find(String deviceId) {
    return registry.device(deviceId)
        .recover(e -> Future.failedFuture(new ConnectRefused(ConnectResult.STORAGE_UNAVAILABLE, e.getMessage())));
  }

  private Device verified(Optional<Device> found, String password) {
    boolean matches = SecretDigest.matches(password, found.map(Device::secretSha256).orElse(NO_DEVICE_DIGEST));
    if (found.isEmpty() || !matches) {
      throw new ConnectRefused(ConnectResult.BAD_CREDENTIALS, found.isEmpty() ? "unknown device" : "wrong secret");
    }
    return admit(found.get());
  }

  /** After the credentials: only the device itself learns that it is disabled or cooling down. */
  private Device admit(Device device) {
    if (!device.enabled()) {
      throw new ConnectRefused(ConnectResult.NOT_AUTHORIZED, "device disabled");
    }
    if (rejectBudget.coolingDown(device.id())) {
      throw new ConnectRefused(ConnectResult.REJECT_BUDGET, "cooling down after exceeding its reject budget");
    }
    return device;
  }

  private static String address(MqttEndpoint endpoint) {
    SocketAddress remote = endpoint.remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }
}
