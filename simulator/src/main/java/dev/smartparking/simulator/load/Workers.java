package dev.smartparking.simulator.load;

/** The processes doing a load run, driven through its steps by the command; they report into the totals. */
interface Workers extends AutoCloseable {

  /** Blocks until every process has tried each of its connections. */
  void awaitConnected() throws InterruptedException;

  void start();

  /** Returns once no process publishes any more. */
  void stop();

  /** Drains, disconnects and blocks until every process has delivered its last figures. */
  void finish() throws InterruptedException;

  /** Moves fresh figures into the totals, for those workers that do not push them. */
  void poll();

  @Override
  void close();
}
