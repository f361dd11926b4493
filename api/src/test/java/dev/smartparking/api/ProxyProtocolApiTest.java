package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.api.http.FailedAuthLimit;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.TcpProxy;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a balancer that sends PROXY protocol headers (http.proxy-protocol), bad tokens are
 * limited per caller address the header names, although every connection comes from the balancer.
 */
class ProxyProtocolApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.configured(config -> config.set("http.proxy-protocol", "true"));

  private static TcpProxy fromGuesser;
  private static TcpProxy fromPlatform;

  @BeforeAll
  static void balancers() {
    fromGuesser = TcpProxy.announcing("127.0.0.1", api.port(), new InetSocketAddress("127.0.0.87", 40001));
    fromPlatform = TcpProxy.announcing("127.0.0.1", api.port(), new InetSocketAddress("127.0.0.88", 40002));
    // Lots are answered from memory, 503 until the view's first load (the budget, not that, is tested).
    Eventually.within(ApiFixture.CATCH_UP, "lots loaded",
        () -> RawHttp.get("127.0.0.1", fromPlatform.port(), "/api/v1/lots", READER_TOKEN).status() == 200);
  }

  @AfterAll
  static void closeBalancers() {
    fromGuesser.close();
    fromPlatform.close();
  }

  @Test
  void badTokensCountAgainstTheAddressTheBalancerNames() {
    for (int i = 0; i <= FailedAuthLimit.BURST; i++) {
      RawHttp.get("127.0.0.1", fromGuesser.port(), "/api/v1/lots", "bad-token-" + i);
    }
    assertThat(RawHttp.get("127.0.0.1", fromGuesser.port(), "/api/v1/lots", READER_TOKEN).status()).isEqualTo(429);

    assertThat(RawHttp.get("127.0.0.1", fromPlatform.port(), "/api/v1/lots", READER_TOKEN).status()).isEqualTo(200);
  }

  @Test
  void connectionWithoutProxyHeaderIsNotServed() {
    assertThatThrownBy(() -> RawHttp.get("127.0.0.1", api.port(), "/api/v1/lots", READER_TOKEN)).isNotNull();
  }
}
