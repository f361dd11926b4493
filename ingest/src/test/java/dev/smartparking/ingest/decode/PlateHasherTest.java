package dev.smartparking.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlateHasherTest {

  private static final int SIXTY_KIB = 60 * 1024;
  private final PlateHasher plates = new PlateHasher(new byte[32]);

  @Test
  void replacesAPlateMemberWithItsHash() {
    String redacted = plates.redact("{\"direction\":\"x\",\"plate\":\"ab\\\"c\"}");

    assertThat(redacted).startsWith("{\"direction\":\"x\",\"plate\":\"hmac:").endsWith("\"}").doesNotContain("ab");
  }

  @Test
  void redactsASixtyKibPlateValueWithoutOverflowingTheStack() {
    String payload = "{\"plate\":\"" + "A".repeat(SIXTY_KIB) + "\",\"seq\":1}";

    Buffer redacted = plates.redact(Buffer.buffer(payload));

    assertThat(redacted.toString(StandardCharsets.UTF_8)).matches("\\{\"plate\":\"hmac:[0-9a-f]{16}\",\"seq\":1}");
  }

  @Test
  void redactsSixtyKibOfEscapedBackslashesWithoutOverflowingTheStack() {
    String payload = "{\"plate\":\"" + "\\\\".repeat(SIXTY_KIB / 2) + "\"}";

    assertThat(plates.redact(Buffer.buffer(payload)).toString(StandardCharsets.UTF_8))
        .matches("\\{\"plate\":\"hmac:[0-9a-f]{16}\"}");
  }

  @Test
  void leavesAnUnterminatedSixtyKibRunOfBackslashesAsItIs() {
    char[] backslashes = new char[SIXTY_KIB];
    Arrays.fill(backslashes, '\\');
    String payload = "{\"plate\":\"" + new String(backslashes);

    assertThat(plates.redact(payload)).isEqualTo(payload);
  }

  @Test
  void redactsAChinesePlateQuotedInARejectionDetail() {
    String detail = plates.redact("direction: '豫H12345' is not one of [in, out]");

    assertThat(detail).startsWith("direction: 'hmac:").endsWith("' is not one of [in, out]").doesNotContain("12345");
  }
}
