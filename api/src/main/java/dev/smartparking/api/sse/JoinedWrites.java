package dev.smartparking.api.sse;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames joined into few writes: each write to a connection is a chunk, a flush and a system
 * call, so a burst of thousands of lot events written one frame each cost 1,000 subscribers
 * 57-71 µs of server CPU per ingested message (bench/sse-subscribers.sh, issue 15).
 */
public final class JoinedWrites {

  /**
   * The most bytes one joined write holds: large enough that thousands of frames are a handful of
   * writes, small enough that the one write that crosses a connection's high-water mark adds
   * little to what a stalled client holds.
   */
  public static final int MAX_BYTES = 16 * 1024;

  private JoinedWrites() {}

  /**
   * {@code frames} in order, runs of them joined into buffers of at most {@link #MAX_BYTES} (a
   * longer frame, or a run of one, as it is): one write each. Joining copies the bytes; the frames
   * themselves stay shared.
   */
  public static List<Buffer> of(List<Buffer> frames) {
    List<Buffer> writes = new ArrayList<>();
    int start = 0;
    int length = 0;
    for (int i = 0; i < frames.size(); i++) {
      int next = frames.get(i).length();
      if (i > start && length + next > MAX_BYTES) {
        writes.add(join(frames, start, i, length));
        start = i;
        length = 0;
      }
      length += next;
    }
    if (start < frames.size()) {
      writes.add(join(frames, start, frames.size(), length));
    }
    return writes;
  }

  private static Buffer join(List<Buffer> frames, int from, int to, int length) {
    if (to - from == 1) {
      return frames.get(from);
    }
    Buffer write = Buffer.buffer(length);
    for (int i = from; i < to; i++) {
      write.appendBuffer(frames.get(i));
    }
    return write;
  }
}
