package dev.smartparking.api.token;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.Role;
import dev.smartparking.api.http.Scope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The body of {@code POST /api/v1/admin/tokens}, checked: every refusal is a 400 naming the field. */
record TokenRequest(Role role, String label, Scope scope) {

  /** Unit and district ids, as the catalogue accepts them (docs/catalogue.md). */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");

  static final int MAX_LABEL = 200;
  private static final Set<String> FIELDS = Set.of("role", "label", "unit", "district");

  static TokenRequest of(Buffer body) {
    JsonObject json;
    try {
      json = body.length() == 0 ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (json == null) {
      throw ApiException.badParameter("body: a JSON object {\"role\", \"label\", \"unit\"|\"district\"} is required");
    }
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw ApiException.badParameter(field + ": unknown field; known are " + FIELDS);
      }
    }
    Role role = role(text(json, "role"));
    String label = text(json, "label");
    if (label == null || label.isBlank() || label.length() > MAX_LABEL) {
      throw ApiException.badParameter("label: a name of 1 to " + MAX_LABEL + " characters is required");
    }
    String unit = identifier(json, "unit");
    String district = identifier(json, "district");
    if (unit != null && district != null) {
      throw ApiException.badParameter("district: a token is scoped to a unit or to a district, not both");
    }
    Scope scope = new Scope(unit, district);
    if (role == Role.ADMIN && !scope.cityWide()) {
      throw ApiException.badParameter("role: an admin token is city-wide; it cannot be scoped to " + scope);
    }
    return new TokenRequest(role, label.strip(), scope);
  }

  private static Role role(String value) {
    for (Role role : Role.values()) {
      if (role.name().toLowerCase(Locale.ROOT).equals(value)) {
        return role;
      }
    }
    throw ApiException.badParameter("role: one of reader, operator, admin is required");
  }

  private static String text(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw ApiException.badParameter(field + ": a string is required");
    }
    return (String) value;
  }

  private static String identifier(JsonObject json, String field) {
    String value = text(json, field);
    if (value != null && !IDENTIFIER.matcher(value).matches()) {
      throw ApiException.badParameter(field + ": '" + value + "' is not an id (1-64 letters, digits, . _ : -)");
    }
    return value;
  }
}
