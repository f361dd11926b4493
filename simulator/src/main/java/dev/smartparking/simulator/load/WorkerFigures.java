package dev.smartparking.simulator.load;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one load process reports: counters since it started, the latencies recorded since its
 * previous report, and its errors by kind. One JSON line each when a child process sends it.
 *
 * @param ackMicros acknowledgement latencies since the previous report (PUBACK, or PUBCOMP at QoS 2)
 * @param receivedMicros QoS 2 PUBREC latencies since the previous report
 */
public record WorkerFigures(
    Mark mark,
    LoadCounts counts,
    Histogram ackMicros,
    Histogram receivedMicros,
    Map<String, Long> errorsByKind,
    String firstProblem) {

  public WorkerFigures {
    errorsByKind = Map.copyOf(errorsByKind);
  }

  public String toJsonLine() {
    JsonObject json =
        new JsonObject()
            .put("mark", mark.name())
            .put("counts", counts.toJson())
            .put("ack_micros", encode(ackMicros))
            .put("received_micros", encode(receivedMicros))
            .put("errors_by_kind", new JsonObject(new LinkedHashMap<>(errorsByKind)));
    if (firstProblem != null) {
      json.put("first_problem", firstProblem);
    }
    return json.encode();
  }

  public static WorkerFigures fromJsonLine(String line) {
    JsonObject json = new JsonObject(line);
    Map<String, Long> errors = new LinkedHashMap<>();
    json.getJsonObject("errors_by_kind").forEach(e -> errors.put(e.getKey(), ((Number) e.getValue()).longValue()));
    return new WorkerFigures(
        Mark.valueOf(json.getString("mark")),
        LoadCounts.fromJson(json.getJsonObject("counts")),
        decode(json.getString("ack_micros")),
        decode(json.getString("received_micros")),
        errors,
        json.getString("first_problem"));
  }

  private static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  private static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram", e);
    }
  }
}
