package dev.smartparking.simulator.ledger;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One message the simulator sent and how it was answered: a line of the run's ledger, which verify
 * compares with what the server reports.
 *
 * @param device the device id it was sent as (client id and username)
 * @param topic the topic it was published to
 * @param seq its seq, or null when the payload carries none the server could read (malformed)
 * @param ts its device ts in epoch ms, or null likewise
 * @param qos 0, 1 or 2
 * @param expect {@code accepted}, or the rejection reason the server must store it under
 *     ({@code malformed}, {@code invalid}, {@code unknown_topic}, {@code forbidden}, {@code
 *     unknown_entity}, {@code clock}), or {@code refused} for a wrong password, {@code closed} for an
 *     oversized packet that must close the connection
 * @param answer what came back
 * @param reasonCode the MQTT 5 reason code of the acknowledgement or CONNACK (0 when none or 3.1.1)
 * @param lot the lot's truth right after this message, for messages that change a lot; else null
 * @param payloadSha256 hex SHA-256 of the raw payload bytes, to find it in the rejected store
 * @param cover for a cover reading, the reading and the thresholds it is judged by; else null
 * @param answeredAt wall clock (epoch ms) when the answer arrived, or null when there was none or it
 *     was not taken: with ts it brackets when the server received the message
 */
public record LedgerEntry(
    String device,
    String topic,
    Long seq,
    Long ts,
    int qos,
    String expect,
    Answer answer,
    int reasonCode,
    LotTruth lot,
    String payloadSha256,
    CoverTruth cover,
    Long answeredAt) {

  public static final String ACCEPTED = "accepted";

  /** A message that is no cover reading, its answer time not taken. */
  public LedgerEntry(
      String device,
      String topic,
      Long seq,
      Long ts,
      int qos,
      String expect,
      Answer answer,
      int reasonCode,
      LotTruth lot,
      String payloadSha256) {
    this(device, topic, seq, ts, qos, expect, answer, reasonCode, lot, payloadSha256, null, null);
  }

  public boolean expectsAccepted() {
    return ACCEPTED.equals(expect);
  }

  /** Acknowledged with success: the server has committed it as accepted data. */
  public boolean ackedAsAccepted() {
    return answer == Answer.ACKED && reasonCode < 0x80 && expectsAccepted();
  }

  public static String sha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static String sha256(String payload) {
    return sha256(payload.getBytes(StandardCharsets.UTF_8));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("device", device)
            .put("topic", topic)
            .put("seq", seq)
            .put("ts", ts)
            .put("qos", qos)
            .put("expect", expect)
            .put("answer", answer.name().toLowerCase())
            .put("reason_code", reasonCode)
            .put("payload_sha256", payloadSha256);
    if (lot != null) {
      json.put(
          "lot",
          new JsonObject()
              .put("id", lot.lotId())
              .put("total", lot.total())
              .put("free", lot.free())
              .put("closed", lot.closed()));
    }
    if (cover != null) {
      json.put("cover", cover.toJson());
    }
    if (answeredAt != null) {
      json.put("answered_at", answeredAt);
    }
    return json;
  }

  public static LedgerEntry fromJson(JsonObject json) {
    JsonObject lot = json.getJsonObject("lot");
    JsonObject cover = json.getJsonObject("cover");
    return new LedgerEntry(
        json.getString("device"),
        json.getString("topic"),
        json.getLong("seq"),
        json.getLong("ts"),
        json.getInteger("qos"),
        json.getString("expect"),
        Answer.valueOf(json.getString("answer").toUpperCase()),
        json.getInteger("reason_code", 0),
        lot == null
            ? null
            : new LotTruth(
                lot.getString("id"), lot.getInteger("total"), lot.getInteger("free"), lot.getBoolean("closed", false)),
        json.getString("payload_sha256"),
        cover == null ? null : CoverTruth.fromJson(cover),
        json.getLong("answered_at"));
  }
}
