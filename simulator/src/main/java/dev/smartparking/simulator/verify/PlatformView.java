package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the platform reports, read through its public REST API a page at a time: lots, accepted
 * message counts per device, rejected messages, cover alarms and their histories.
 */
final class PlatformView {

  static final String LOTS = "/api/v1/lots";
  static final String MESSAGE_COUNTS = "/api/v1/admin/message-counts";
  static final String REJECTED = "/api/v1/admin/rejected";
  static final String ALARMS = "/api/v1/covers/alarms";
  /** Rows per page asked for; the API may answer fewer, paging goes on until next_cursor is null. */
  static final int PAGE = 100;

  private final ApiClient reader;
  private final ApiClient admin;

  PlatformView(ApiClient reader, ApiClient admin) {
    this.reader = reader;
    this.admin = admin;
  }

  /** Every lot the API lists, by id. */
  Map<String, JsonObject> lots() throws ApiFailure {
    Map<String, JsonObject> lots = new HashMap<>();
    for (JsonObject lot : pages(reader, LOTS, new LinkedHashMap<>(), "lots")) {
      lots.put(lot.getString("id"), lot);
    }
    return lots;
  }

  /** Accepted messages per device whose device ts is at or after {@code since}. */
  Map<String, Long> acceptedCounts(Instant since) throws ApiFailure {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("since", since.toString());
    Map<String, Long> counts = new HashMap<>();
    for (JsonObject device : pages(admin, MESSAGE_COUNTS, query, "devices")) {
      counts.put(device.getString("device_id"), device.getLong("accepted", 0L));
    }
    return counts;
  }

  /** Rejected messages received at or after {@code since}. */
  List<RejectedRow> rejected(Instant since) throws ApiFailure {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("since", since.toString());
    List<RejectedRow> rows = new ArrayList<>();
    for (JsonObject row : pages(admin, REJECTED, query, "rejected")) {
      rows.add(
          new RejectedRow(
              row.getString("received_at"),
              row.getString("device_id"),
              row.getString("topic"),
              row.getString("reason"),
              row.getString("payload_sha256")));
    }
    return rows;
  }

  /** Every cover alarm the API lists, newest first, as listed. */
  List<JsonObject> alarms() throws ApiFailure {
    return pages(reader, ALARMS, new LinkedHashMap<>(), "alarms");
  }

  /**
   * One alarm's history, oldest first as the API gives it. The answer is the alarm with its events
   * under {@code events} (API.md: "one alarm with its history").
   */
  List<AlarmEvent> alarmEvents(String alarmId) throws ApiFailure {
    String path = ALARMS + "/" + URLEncoder.encode(alarmId, StandardCharsets.UTF_8);
    JsonObject answer = reader.getJson(path);
    JsonArray events = answer.getJsonArray("events");
    if (events == null) {
      throw new ApiFailure(200, "unexpected_answer", path + " answered without an 'events' array");
    }
    List<AlarmEvent> history = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      try {
        history.add(AlarmEvent.fromJson(events.getJsonObject(i)));
      } catch (RuntimeException e) {
        throw new ApiFailure(200, "unexpected_answer", path + " events[" + i + "]: " + e.getMessage());
      }
    }
    return history;
  }

  private static List<JsonObject> pages(ApiClient client, String path, Map<String, String> query, String field)
      throws ApiFailure {
    List<JsonObject> items = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, String> page = new LinkedHashMap<>(query);
      page.put("limit", Integer.toString(PAGE));
      if (cursor != null) {
        page.put("cursor", cursor);
      }
      JsonObject answer = client.getJson(path + queryString(page));
      JsonArray array = answer.getJsonArray(field);
      if (array == null) {
        throw new ApiFailure(200, "unexpected_answer", path + " answered without a '" + field + "' array");
      }
      for (int i = 0; i < array.size(); i++) {
        items.add(array.getJsonObject(i));
      }
      cursor = answer.getString("next_cursor");
    } while (cursor != null);
    return items;
  }

  private static String queryString(Map<String, String> query) {
    StringBuilder text = new StringBuilder();
    query.forEach(
        (name, value) ->
            text.append(text.length() == 0 ? '?' : '&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return text.toString();
  }
}
