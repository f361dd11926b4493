package dev.smartparking.api.token;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.Role;
import dev.smartparking.api.http.Scope;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The body of {@code POST /api/v1/admin/tokens}, checked: every refusal is a 400 naming the field. */
record TokenRequest(Role role, String label, Scope scope) {

  /** The contract's bound on a label (openapi.yaml); a blank one is refused here. */
  static final int MAX_LABEL = 200;

  /** The request from a body the contract accepted (types, enum, lengths, id patterns, fields). */
  static TokenRequest of(JsonObject json) {
    Role role = Role.valueOf(json.getString("role").toUpperCase(Locale.ROOT));
    String label = json.getString("label");
    if (label.isBlank()) {
      throw ApiException.badParameter("label: a name of 1 to " + MAX_LABEL + " characters, not only spaces, is required");
    }
    String unit = json.getString("unit");
    String district = json.getString("district");
    if (unit != null && district != null) {
      throw ApiException.badParameter("district: a token is scoped to a unit or to a district, not both");
    }
    Scope scope = new Scope(unit, district);
    if (role == Role.ADMIN && !scope.cityWide()) {
      throw ApiException.badParameter("role: an admin token is city-wide; it cannot be scoped to " + scope);
    }
    return new TokenRequest(role, label.strip(), scope);
  }
}
