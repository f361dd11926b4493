package dev.smartparking.api.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Tokens issued and revoked through this process, and how many are in force here. */
final class TokenMetrics {

  private final Counter issued;
  private final Counter revoked;

  TokenMetrics(MeterRegistry meters, IssuedTokens tokens) {
    issued = Counter.builder("smartparking.api.tokens.issued").description("API tokens issued through this process")
        .register(meters);
    revoked = Counter.builder("smartparking.api.tokens.revoked").description("API tokens revoked through this process")
        .register(meters);
    Gauge.builder("smartparking.api.tokens.active", tokens, IssuedTokens::size)
        .description("API tokens issued at run time and in force, as this process last read them")
        .register(meters);
  }

  void issued() {
    issued.increment();
  }

  void revoked() {
    revoked.increment();
  }
}
