package dev.smartparking.simulator.provision;

import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;
import io.vertx.core.json.JsonObject;

/** Registers a catalogue document with the server through the admin API. */
public final class CatalogueProvisioner {

  static final String PATH = "/api/v1/admin/catalogue";

  private final ApiClient admin;

  public CatalogueProvisioner(String apiBase, String adminToken) {
    this.admin = new ApiClient(apiBase, adminToken);
  }

  public ProvisioningReceipt provision(JsonObject catalogue) throws ApiFailure {
    return provision(catalogue.encode());
  }

  public ProvisioningReceipt provision(String catalogueJson) throws ApiFailure {
    return ProvisioningReceipt.fromJson(admin.postJson(PATH, catalogueJson));
  }
}
