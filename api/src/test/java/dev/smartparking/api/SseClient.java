package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client over real HTTP, reading on a thread of its own: events are queued
 * as they arrive and taken with a deadline ({@link #next}), comment lines are kept apart.
 */
final class SseClient implements AutoCloseable {

  /** One event: its {@code event:}, {@code id:} and {@code data:} fields. */
  record Event(String event, String id, String data) {}

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private final List<String> fields = new CopyOnWriteArrayList<>();
  private volatile boolean ended;

  private SseClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code path} as a reader; {@code request} may add headers (Last-Event-ID). */
  static SseClient open(ApiFixture api, String path, String... headers) {
    return openAs(api, ApiFixture.READER_TOKEN, path, headers);
  }

  /** Opens {@code path} with {@code token}. */
  static SseClient openAs(ApiFixture api, String token, String path, String... headers) {
    HttpRequest.Builder request = api.request(path, token).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<Stream<String>> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).as("status of the stream").isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
      return new SseClient(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next event, waiting for it up to {@link ApiFixture#CATCH_UP}. */
  Event next() {
    Event event = poll(ApiFixture.CATCH_UP);
    if (event == null) {
      throw new AssertionError("no event within " + ApiFixture.CATCH_UP + (ended ? "; the stream ended" : "")
          + "; comments so far: " + comments);
    }
    return event;
  }

  /** The next {@code n} events. */
  List<Event> next(int n) {
    List<Event> taken = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      taken.add(next());
    }
    return taken;
  }

  /** The next event if one comes within {@code wait}, else null. */
  Event poll(Duration wait) {
    try {
      return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Comment lines seen so far, without the colon and the space after it. */
  List<String> comments() {
    return List.copyOf(comments);
  }

  /** Other lines than events' and comments, such as {@code retry: 2000}. */
  List<String> otherFields() {
    return List.copyOf(fields);
  }

  boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    response.body().close();
  }

  private void read() {
    String event = null;
    String id = null;
    StringBuilder data = null;
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(event, id, data.toString()));
          }
          event = null;
          id = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1).trim());
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
        } else {
          fields.add(line);
        }
      }
    } catch (RuntimeException e) {
      // closed by the test, or by the server: either way the stream ended
    } finally {
      ended = true;
    }
  }
}
