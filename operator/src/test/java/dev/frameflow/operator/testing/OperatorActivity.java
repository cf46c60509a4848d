package dev.frameflow.operator.testing;

import dev.frameflow.operator.outcome.OutcomeSender;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator under test is doing, for tests that must know a decision to do nothing was
 * taken (a cancelled VideoJob's deletion owes no outcome, and leaves no trace): java-operator-sdk's
 * reconcile passes per VideoJob (it runs one at a time per resource) and the outcomes its sender
 * has not had confirmed yet.
 */
public final class OperatorActivity implements Metrics {

  private static final class Passes {
    int started;
    int running;
    int startedWhenDeleted = -1;
  }

  private final Map<String, Passes> passes = new ConcurrentHashMap<>();
  private volatile OutcomeSender sender;

  void outcomesFrom(OutcomeSender sender) {
    this.sender = sender;
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    if (event instanceof ResourceEvent resource && resource.getAction() == ResourceAction.DELETED) {
      Passes of = of(event.getRelatedCustomResourceID().getName());
      synchronized (of) {
        of.startedWhenDeleted = of.started;
      }
    }
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    Passes of = of(execution.resourceID().getName());
    synchronized (of) {
      of.started++;
      of.running++;
    }
    try {
      return execution.execute();
    } finally {
      synchronized (of) {
        of.running--;
      }
    }
  }

  /**
   * Whether the deletion of this VideoJob has been handled: the operator saw it, the pass that
   * followed has returned, and any outcome it owed is confirmed by the broker (on the status
   * queue).
   */
  public boolean deletionHandled(String videoJobName) {
    Passes of = of(videoJobName);
    synchronized (of) {
      if (of.startedWhenDeleted < 0 || of.started <= of.startedWhenDeleted || of.running > 0) {
        return false;
      }
    }
    return sender == null || sender.backlog() == 0;
  }

  private Passes of(String videoJobName) {
    return passes.computeIfAbsent(videoJobName, name -> new Passes());
  }
}
