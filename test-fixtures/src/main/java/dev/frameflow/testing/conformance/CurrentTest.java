package dev.frameflow.testing.conformance;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Knows which test is running, so that a stand-in can say which test made a call that production
 * would refuse. Registered with the JUnit Platform launcher through {@code META-INF/services}; the
 * build runs a JVM's tests one after another, so one current name is enough.
 */
public final class CurrentTest implements TestExecutionListener {

  private static volatile String current = "(no test running)";

  public static String name() {
    return current;
  }

  @Override
  public void executionStarted(TestIdentifier identifier) {
    TestSource source = identifier.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      current = method.getClassName() + "#" + method.getMethodName();
    } else if (source instanceof ClassSource type) {
      current = type.getClassName();
    }
  }

  @Override
  public void executionFinished(
      TestIdentifier identifier, org.junit.platform.engine.TestExecutionResult result) {
    TestSource source = identifier.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      current = method.getClassName();
    }
  }
}
