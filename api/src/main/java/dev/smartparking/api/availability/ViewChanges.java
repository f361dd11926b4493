package dev.smartparking.api.availability;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the {@link AvailabilityView} tells whoever pushes its changes: called on the view's
 * context right after it published the change to polling readers, so a pushed change is one the
 * polling API shows.
 */
public interface ViewChanges {

  ViewChanges NONE = new ViewChanges() {
    @Override
    public void availability(JsonObject answer) {}

    @Override
    public void lots(List<LotNow> changed) {}
  };

  /** The new answer of {@code GET /api/v1/availability}, published because it moved; never modified after. */
  void availability(JsonObject answer);

  /** Lots whose state the view just changed (in the order applied); the lots answers show them now. */
  void lots(List<LotNow> changed);

  /**
   * The view read every lot again (the registry changed, or it listens anew): {@code registered}
   * tells the lots it holds now, so that what was kept for a lot no longer registered can go.
   */
  default void reloaded(Predicate<String> registered) {}
}
