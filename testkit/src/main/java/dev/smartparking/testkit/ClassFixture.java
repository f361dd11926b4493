package dev.smartparking.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something a test class starts once and stops after its last test, as a JUnit 5 extension on a
 * static field: {@code @RegisterExtension static final SomeFixture fixture = ...;}. {@link #start}
 * runs before the class's {@code @BeforeAll} methods; what it handed to {@link #closeAfterAll} is
 * closed, last first, after the class's {@code @AfterAll} methods, also when {@code start} failed
 * part way. A {@code @Nested} class shares its enclosing class's fixture.
 */
public abstract class ClassFixture implements BeforeAllCallback, AfterAllCallback {

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  private Class<?> owner;

  /** Starts the fixture, handing each thing it opens to {@link #closeAfterAll} as soon as it has it. */
  protected abstract void start();

  /** {@code resource}, to be closed after the class, before anything handed over earlier. */
  protected final <T extends AutoCloseable> T closeAfterAll(T resource) {
    toClose.push(resource);
    return resource;
  }

  /** Fails unless the fixture runs: one on an instance field, say, is never started. */
  protected final void requireStarted() {
    if (owner == null) {
      throw new IllegalStateException(getClass().getSimpleName()
          + " is not running: register it with @RegisterExtension on a static field");
    }
  }

  @Override
  public final void beforeAll(ExtensionContext context) {
    if (owner == null) {
      owner = context.getRequiredTestClass();
      start();
    }
  }

  @Override
  public final void afterAll(ExtensionContext context) throws Exception {
    if (context.getRequiredTestClass() != owner) {
      return;
    }
    owner = null;
    Exception failure = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
