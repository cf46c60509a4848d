package dev.frameflow.deploy;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * `kubectl kustomize DIR` (kubectl bundles kustomize; no cluster needed) and kustomization files.
 */
final class Kustomize {

  /** Rendered output by directory: a build is a process start; tests parse their own copy. */
  private static final Map<Path, String> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

  private Kustomize() {}

  static Manifests build(Path dir) {
    return Manifests.parse(render(dir));
  }

  static String render(Path dir) {
    return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::kubectlKustomize);
  }

  private static String kubectlKustomize(Path dir) {
    try {
      Process process =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectErrorStream(false)
              .start();
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      String stdout = readAll(process.getInputStream());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " timed out");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + stderr.join());
      }
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException(
          "kubectl is needed on the PATH (scripts/test installs it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The `images:` entries of a kustomization.yaml, by name. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, String>> images(Path dir) throws IOException {
    Map<String, Object> kustomization =
        Serialization.unmarshal(Files.readString(dir.resolve("kustomization.yaml")), Map.class);
    List<Map<String, String>> images = (List<Map<String, String>>) kustomization.get("images");
    return images == null
        ? Map.of()
        : images.stream().collect(java.util.stream.Collectors.toMap(i -> i.get("name"), i -> i));
  }

  /** The reference an `images:` entry produces: newName (or name) and newTag/digest. */
  static String reference(Map<String, String> image) {
    String name = image.getOrDefault("newName", image.get("name"));
    if (image.get("digest") != null) {
      return name + "@" + image.get("digest");
    }
    return name + ":" + image.get("newTag");
  }

  private static String readAll(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
