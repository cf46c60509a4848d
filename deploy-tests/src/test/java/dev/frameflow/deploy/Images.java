package dev.frameflow.deploy;

/** Image reference rules: a tag other than "latest", or a digest. */
final class Images {

  private Images() {}

  static boolean isPinned(String image) {
    if (image == null || image.isBlank()) {
      return false;
    }
    if (image.contains("@sha256:")) {
      return true;
    }
    String tag = tag(image);
    return tag != null && !tag.equals("latest");
  }

  /** The tag, or null when there is none ("registry:5000/name" has a port, not a tag). */
  static String tag(String image) {
    String withoutDigest = image.split("@", 2)[0];
    int lastSlash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > lastSlash ? withoutDigest.substring(colon + 1) : null;
  }

  /** The name without tag and digest. */
  static String name(String image) {
    String withoutDigest = image.split("@", 2)[0];
    String tag = tag(withoutDigest);
    return tag == null
        ? withoutDigest
        : withoutDigest.substring(0, withoutDigest.length() - tag.length() - 1);
  }
}
