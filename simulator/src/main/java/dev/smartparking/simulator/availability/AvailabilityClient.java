package dev.smartparking.simulator.availability;

import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;

/** Reads the city's availability with a reader token. */
public final class AvailabilityClient {

  static final String PATH = "/api/v1/availability";

  private final ApiClient reader;

  public AvailabilityClient(String apiBase, String readerToken) {
    this.reader = new ApiClient(apiBase, readerToken);
  }

  public Availability fetch() throws ApiFailure {
    return Availability.fromJson(reader.getJson(PATH));
  }
}
