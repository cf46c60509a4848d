package dev.frameflow.operator.config;

import dev.frameflow.operator.reconciler.VideoJobOperator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts the operator once the application is ready (actuator up, broker connection configured) and
 * stops it on shutdown, before the Kubernetes client is closed.
 */
public class OperatorLifecycle
    implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

  private final VideoJobOperator operator;
  private volatile boolean started;

  public OperatorLifecycle(VideoJobOperator operator) {
    this.operator = operator;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    operator.start();
    started = true;
  }

  @Override
  public void destroy() {
    if (started) {
      operator.stop();
    }
  }
}
