package dev.frameflow.operator.podapi;

/**
 * Who presented a token, as the API server vouches for it: the pod it was issued to (bound tokens
 * die with their pod) and the pod's ServiceAccount.
 */
public record PodIdentity(String namespace, String podName, String podUid, String serviceAccount) {

  @Override
  public String toString() {
    return namespace + "/" + podName + " (ServiceAccount " + serviceAccount + ")";
  }
}
