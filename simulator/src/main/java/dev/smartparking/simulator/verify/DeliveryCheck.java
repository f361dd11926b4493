package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.webhook.Delivery;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every alarm event of the run against what the units' receivers took: each delivered (answered
 * 2xx) to the receiver of the cover's unit, with a valid signature, its body the API's event, the
 * events of one alarm in their order; at least once, so a repeat of an event id (a retry whose
 * answer the server missed) is counted, not a difference, as long as it repeats the same event.
 * Events that occurred after {@link RunAlarms.Receipts#cutoff} may still be on their way.
 */
final class DeliveryCheck {


  private record Known(AlarmRecord alarm, AlarmEvent event) {}

  private DeliveryCheck() {}

  static DeliveriesJudged check(Map<String, CoverReadings> covers, RunAlarms alarms, Instant since, Differences differences) {
    RunAlarms.Receipts receipts = alarms.receipts().orElseThrow();
    Map<String, Known> known = new HashMap<>();
    for (AlarmRecord alarm : alarms.alarms()) {
      alarm.events().forEach(e -> known.put(e.eventId(), new Known(alarm, e)));
    }
    Map<String, List<Delivery>> taken = new LinkedHashMap<>();
    Map<String, List<String>> arrivalsByAlarm = new LinkedHashMap<>();
    int refused = 0;
    // One difference per unit for bad signatures: a server signing wrongly retries every event forever.
    Map<String, List<Delivery>> badlySigned = new LinkedHashMap<>();
    for (Delivery delivery : receipts.deliveries()) {
      if (delivery.unitId() == null) {
        differences.add(Check.DELIVERIES, "event %s: %s".formatted(delivery.eventIdHeader(), delivery.signatureFault()));
        continue;
      }
      if (delivery.signatureFault() != null) {
        badlySigned.computeIfAbsent(delivery.unitId(), u -> new ArrayList<>()).add(delivery);
        continue;
      }
      if (!delivery.taken()) {
        refused++;
        continue;
      }
      JsonObject body = delivery.json();
      String eventId = body == null ? null : body.getString("event_id");
      if (eventId == null || !eventId.equals(delivery.eventIdHeader())) {
        differences.add(
            Check.DELIVERIES,
            "a delivery to %s's receiver with X-SmartParking-Event-Id %s carries %s"
                .formatted(delivery.unitId(), delivery.eventIdHeader(), body == null ? "a body that is no JSON object" : "event_id " + eventId));
        continue;
      }
      List<Delivery> copies = taken.computeIfAbsent(eventId, id -> new ArrayList<>());
      copies.add(delivery);
      if (copies.size() == 1) {
        JsonObject alarm = body.getJsonObject("alarm");
        arrivalsByAlarm.computeIfAbsent(alarm == null ? "?" : alarm.getString("id"), id -> new ArrayList<>()).add(eventId);
      }
    }
    badlySigned.forEach(
        (unit, attempts) ->
            differences.add(
                Check.DELIVERIES,
                "%d deliveries to %s's receiver refused for their signature; the first, of event %s: %s"
                    .formatted(attempts.size(), unit, attempts.get(0).eventIdHeader(), attempts.get(0).signatureFault())));
    int duplicates = 0;
    for (Map.Entry<String, List<Delivery>> event : taken.entrySet()) {
      List<Delivery> copies = event.getValue();
      duplicates += copies.size() - 1;
      Delivery first = copies.get(0);
      JsonObject body = first.json();
      for (Delivery copy : copies) {
        if (!Objects.equals(copy.json(), body) || !copy.unitId().equals(first.unitId())) {
          differences.add(
              Check.DELIVERIES, "event %s was delivered twice with different bodies or to different units".formatted(event.getKey()));
          break;
        }
      }
      Known source = known.get(event.getKey());
      if (source == null) {
        judgeUnknown(event.getKey(), body, covers, since, receipts, differences);
        continue;
      }
      String unit = unitOf(source.alarm(), covers);
      if (!first.unitId().equals(unit)) {
        differences.add(
            Check.DELIVERIES,
            "event %s of alarm %s went to %s's receiver; the cover's unit is %s"
                .formatted(event.getKey(), source.alarm().describe(), first.unitId(), unit));
      }
      JsonObject shown = body.getJsonObject("alarm");
      if (!source.event().event().equals(body.getString("event"))
          || !Objects.equals(source.event().occurredAt().toString(), instant(body.getString("occurred_at")))
          || !Objects.equals(source.event().alarm(), shown)) {
        differences.add(
            Check.DELIVERIES,
            "event %s as delivered (%s) is not the API's (%s)".formatted(event.getKey(), body.encode(), source.event().json().encode()));
      }
    }
    int required = 0;
    int delivered = 0;
    for (AlarmRecord alarm : alarms.alarms()) {
      String unit = unitOf(alarm, covers);
      if (!receipts.units().contains(unit)) {
        continue;
      }
      for (AlarmEvent event : alarm.events()) {
        if (event.occurredAt().isBefore(since) || !event.occurredAt().isBefore(receipts.cutoff())) {
          continue;
        }
        required++;
        if (taken.containsKey(event.eventId())) {
          delivered++;
        } else {
          differences.add(
              Check.DELIVERIES,
              "event %s (%s of alarm %s) was never delivered to %s's receiver%s"
                  .formatted(
                      event.eventId(),
                      event.event(),
                      alarm.describe(),
                      unit,
                      receipts.settled() ? "" : " (deliveries had not settled when verify gave up waiting)"));
        }
      }
    }
    arrivalsByAlarm.forEach(
        (alarm, order) -> {
          for (int i = 1; i < order.size(); i++) {
            if (PrefixedId.number(order.get(i), "E") < PrefixedId.number(order.get(i - 1), "E")) {
              differences.add(
                  Check.DELIVERIES,
                  "alarm %s: event %s arrived before %s; events of one alarm are delivered in order"
                      .formatted(alarm, order.get(i - 1), order.get(i)));
              return;
            }
          }
        });
    return new DeliveriesJudged(required, delivered, duplicates, refused);
  }

  /** A delivered event the API did not show: a difference if it belongs to the run and should have shown. */
  private static void judgeUnknown(
      String eventId, JsonObject body, Map<String, CoverReadings> covers, Instant since, RunAlarms.Receipts receipts, Differences differences) {
    JsonObject alarm = body.getJsonObject("alarm");
    String occurred = body.getString("occurred_at");
    if (alarm == null || occurred == null || !covers.containsKey(alarm.getString("cover_id"))) {
      return;
    }
    Instant at = Instant.parse(occurred);
    if (!at.isBefore(since) && at.isBefore(receipts.cutoff())) {
      differences.add(
          Check.DELIVERIES,
          "event %s (%s of alarm %s on %s) was delivered but the API does not show it"
              .formatted(eventId, body.getString("event"), alarm.getString("id"), alarm.getString("cover_id")));
    }
  }

  /** The unit the simulator knows the alarm's cover by; the alarm's own for a cover it does not know. */
  private static String unitOf(AlarmRecord alarm, Map<String, CoverReadings> covers) {
    CoverReadings cover = covers.get(alarm.coverId());
    return cover != null && cover.unitId() != null ? cover.unitId() : alarm.unitId();
  }

  private static String instant(String text) {
    try {
      return text == null ? null : Instant.parse(text).toString();
    } catch (RuntimeException e) {
      return text;
    }
  }
}
