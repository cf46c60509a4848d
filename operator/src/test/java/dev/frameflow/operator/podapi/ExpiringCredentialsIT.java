package dev.frameflow.operator.podapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.events.VideoStatusEvent;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.operator.job.JobAccess;
import dev.frameflow.operator.job.PresignProperties;
import dev.frameflow.operator.reconciler.VideoJobOperator;
import dev.frameflow.operator.testing.MockKubernetes;
import dev.frameflow.operator.testing.OperatorFixture;
import dev.frameflow.operator.testing.TestKubelet;
import dev.frameflow.operator.testing.VideoJobFixtures;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.TestVideos;
import dev.frameflow.testing.aws.TestIrsa;
import dev.frameflow.testing.aws.TestSts;
import dev.frameflow.testing.aws.TestSts.Role;
import dev.frameflow.videojob.Phase;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credential lifetime: the operator's AWS credentials are IRSA's temporary STS session, and a
 * presigned URL stops working when the session that signed it expires (S3: {@code 400
 * ExpiredToken}). Here the operator's sessions last {@value #LIFETIME_SECONDS} s (an STS stand-in
 * of its own), and a Job runs well past that (its ffmpeg is slowed down): the grant says when its
 * URLs end, the extractor asks {@code /access} again before then, and every later request (the
 * source's reads, the ZIP's parts and completion) goes out with the newest URLs. Without the
 * renewal the first grant's URLs would be refused, as the second test shows.
 */
class ExpiringCredentialsIT {

  static final long LIFETIME_SECONDS = 20;

  /** Each ffmpeg run of the slowed extractor waits this long first. */
  static final int FFMPEG_DELAY_SECONDS = 10;

  @TempDir static Path temp;
  static TestSts sts;
  static MockKubernetes kubernetes;
  static KubernetesClient client;
  static InProcessS3 s3;
  static TestKubelet kubelet;
  static VideoJobOperator operator;
  static Path slowFfmpeg;
  static final List<VideoStatusEvent> published = new CopyOnWriteArrayList<>();
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    // the fixture first (its class sets the JVM's 15 minutes' operator role), then ours
    OperatorFixture.properties(1);
    sts =
        TestSts.start(temp.resolve("sts"), Duration.ofSeconds(LIFETIME_SECONDS), Clock.systemUTC());
    TestIrsa.asRole(Role.OPERATOR, sts);

    kubernetes = MockKubernetes.start();
    client = kubernetes.client();
    s3 = InProcessS3.start(temp.resolve("s3"));
    slowFfmpeg = temp.resolve("slow-ffmpeg");
    Files.writeString(
        slowFfmpeg,
        "#!/bin/sh\nsleep "
            + FFMPEG_DELAY_SECONDS
            + "\nexec "
            + TestVideos.ffmpegBinary().toAbsolutePath()
            + " \"$@\"\n");
    Files.setPosixFilePermissions(slowFfmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    kubelet =
        TestKubelet.forS3(client, s3, temp.resolve("kubelet"))
            .beforeEachContainer(ExpiringCredentialsIT::slowDown)
            .start();
    operator =
        OperatorFixture.start(
            client,
            OperatorFixture.properties(4),
            OperatorFixture.s3(s3),
            published::add,
            new SimpleMeterRegistry(),
            Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (kubelet != null) {
      kubelet.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
    // back to the JVM's stand-in for the tests that run next in this JVM
    TestIrsa.asRole(Role.OPERATOR);
    if (sts != null) {
      sts.close();
    }
  }

  /** The pod's ffmpeg waits before each run: an extraction that takes longer than a session. */
  static void slowDown(Job job, int attempt) {
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    env.removeIf(v -> v.getName().equals("FRAMEFLOW_FFMPEG_PATH"));
    env.add(new EnvVar("FRAMEFLOW_FFMPEG_PATH", slowFfmpeg.toString(), null));
    container.setEnv(env);
  }

  @Test
  void aJobThatOutlivesTheOperatorsCredentialsRenewsItsGrantAndSucceeds() throws Exception {
    UUID videoId = UUID.randomUUID();
    s3.put(InProcessS3.UPLOADS, VideoJobFixtures.sourceKey(videoId), TestVideos.mp4(temp, 6));
    int issuedBefore = sts.issuedTo(Role.OPERATOR);
    ExtractionOptions options =
        ExtractionOptions.builder().fps(5.0).format(ImageFormat.JPEG).quality(5).build();
    Instant started = Instant.now();
    client
        .resource(
            VideoJobFixtures.videoJob(
                videoId, VideoJobFixtures.spec(videoId).withExtraction(options)))
        .create();

    VideoJob done = awaitFinished(videoId);
    Duration took = Duration.between(started, Instant.now());

    assertThat(done.getStatus().getPhase())
        .as("%s after %s: %s", done.getStatus().getPhase(), took, done.getStatus().getConditions())
        .isEqualTo(Phase.Succeeded);
    // the Job ran well past the lifetime of the credentials that signed its first URLs
    assertThat(took).isGreaterThan(Duration.ofSeconds(LIFETIME_SECONDS + 5));
    byte[] zip = s3.get(InProcessS3.RESULTS, VideoJobFixtures.outputKey(videoId));
    assertThat(entries(zip)).hasSize(31).contains("manifest.json"); // 6 s at 5 fps, a manifest
    // one pod, no retry: the one pod renewed its grant while it ran
    assertThat(kubelet.podsStarted()).isEqualTo(1);
    List<String> log = containerLogs();
    long renewals = log.stream().filter(l -> l.contains("access grant renewed")).count();
    assertThat(renewals).as(String.join("\n", log)).isGreaterThanOrEqualTo(1);
    assertThat(log).noneMatch(l -> l.contains("ExpiredToken"));
    // the operator signed with sessions of its own, renewed as they expired
    assertThat(sts.issuedTo(Role.OPERATOR) - issuedBefore).isGreaterThanOrEqualTo(2);
    System.out.printf(
        "ExpiringCredentialsIT: the Job took %d s with sessions of %d s; %d renewals%n%s%n",
        took.toSeconds(), LIFETIME_SECONDS, renewals, String.join("\n", log));
  }

  @Test
  void theFirstGrantsUrlsAreRefusedOnceItsSessionExpiresAndARenewedGrantsWork() throws Exception {
    UUID videoId = UUID.randomUUID();
    s3.put(
        InProcessS3.UPLOADS,
        VideoJobFixtures.sourceKey(videoId),
        "the video".getBytes(StandardCharsets.UTF_8));
    JobAccess access =
        OperatorFixture.jobAccess(OperatorFixture.s3(s3), PresignProperties.defaults());
    Instant asked = Instant.now();

    // a deadline of an hour is asked for; the URLs end with the session, less the margin
    AccessGrant first = access.probeGrant(VideoJobFixtures.spec(videoId), 3600);
    assertThat(first.expiresAt()).isNotNull();
    assertThat(first.expiresAt()).isBefore(asked.plusSeconds(LIFETIME_SECONDS + 1));
    assertThat(expiresSeconds(first.sourceUrl())).isLessThanOrEqualTo(LIFETIME_SECONDS);
    assertThat(get(first.sourceUrl()).statusCode()).isEqualTo(200);

    // once the session is over, the first grant's URL is refused however long it said it lasts
    Thread.sleep(
        Duration.between(Instant.now(), asked.plusSeconds(LIFETIME_SECONDS + 1)).toMillis());
    HttpResponse<String> stale = get(first.sourceUrl());
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("ExpiredToken");

    // the grant asked for again is signed with the operator's renewed session: it works
    AccessGrant renewed = access.probeGrant(VideoJobFixtures.spec(videoId), 3600);
    assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
    HttpResponse<String> fresh = get(renewed.sourceUrl());
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.body()).isEqualTo("the video");
  }

  private static long expiresSeconds(String url) {
    Matcher m = Pattern.compile("[?&]X-Amz-Expires=(\\d+)").matcher(url);
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> containerLogs() throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(temp.resolve("kubelet"))) {
      for (Path file : files.filter(p -> p.endsWith("container.log")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  private static List<String> entries(byte[] zip) throws Exception {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static VideoJob awaitFinished(UUID videoId) {
    String name = VideoJobNames.videoJob(videoId);
    VideoJob[] last = new VideoJob[1];
    await()
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              last[0] = client.resources(VideoJob.class).withName(name).get();
              return last[0] != null
                  && last[0].getStatus() != null
                  && last[0].getStatus().getPhase() != null
                  && last[0].getStatus().getPhase().isFinal();
            });
    return last[0];
  }
}
