package dev.smartparking.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The body of a chunked HTTP/1.1 response read off a plain socket a chunk at a time: what one
 * write of the server's became (Vert.x sends each write of a chunked response as one chunk).
 */
final class ChunkedBody {

  private final InputStream in;

  private ChunkedBody(InputStream in) {
    this.in = in;
  }

  /** Reads past the response's head on {@code socket}, which must have asked for a chunked response. */
  static ChunkedBody after(Socket socket) throws IOException {
    socket.setSoTimeout((int) ApiFixture.CATCH_UP.toMillis());
    ChunkedBody body = new ChunkedBody(new BufferedInputStream(socket.getInputStream()));
    String status = body.line();
    if (!status.startsWith("HTTP/1.1 200")) {
      throw new IOException("not a stream: " + status);
    }
    while (!body.line().isEmpty()) {
      // a header
    }
    return body;
  }

  /** The next chunk's content. */
  String nextChunk() throws IOException {
    int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16);
    byte[] content = in.readNBytes(size);
    if (content.length < size || !line().isEmpty()) {
      throw new EOFException("the stream ended within a chunk");
    }
    return new String(content, StandardCharsets.UTF_8);
  }

  /** A line of the head or of the chunk framing, without its CRLF. */
  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the stream ended");
      }
      line.write(b);
    }
    String read = line.toString(StandardCharsets.US_ASCII);
    return read.endsWith("\r") ? read.substring(0, read.length() - 1) : read;
  }
}
