package dev.frameflow.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.testing.InProcessS3;
import dev.frameflow.testing.aws.TestSts.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The stand-ins behave as EKS and AWS do for a pod with IRSA: a web identity token and a role ARN
 * get short-lived keys of that role from STS; S3 takes them until they expire; a token for another
 * ServiceAccount gets nothing; every request is recorded with the role that signed it.
 */
class IrsaStandInsIT {

  @TempDir static Path directory;
  static InProcessS3 s3;
  static TestSts sts;

  @BeforeAll
  static void start() {
    s3 = InProcessS3.start(directory.resolve("s3"));
    sts = TestSts.start(directory.resolve("tokens"));
  }

  @AfterAll
  static void stop() {
    sts.close();
    s3.close();
  }

  @Test
  void aRoleGetsTemporaryKeysOfItsOwnAndS3AttributesItsRequestsToIt() throws Exception {
    try (S3Client client = clientOf(irsa(Role.API_GATEWAY))) {
      client.putObject(
          b -> b.bucket(InProcessS3.UPLOADS).key("videos/v1/source"), RequestBody.fromString("x"));
    }

    assertThat(sts.issuedTo(Role.API_GATEWAY)).isPositive();
    assertThat(recordedLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"principal\":\"api-gateway\"")
                    .contains("\"action\":\"s3:PutObject\"")
                    .contains("\"bucket\":\"uploads\"")
                    .contains("\"key\":\"videos/v1/source\"")
                    .contains(getClass().getName()));
  }

  @Test
  void aTokenOfAnotherServiceAccountIsRefusedByTheRolesTrustPolicy() throws Exception {
    Path token = directory.resolve("tokens/stolen");
    TestSts.writeToken(token, Role.API_GATEWAY.subject(), TestSts.AUDIENCE);
    System.setProperty("aws.endpointUrlSts", sts.endpoint().toString());
    System.setProperty("aws.region", "us-east-1");
    try (var provider =
        WebIdentityTokenFileCredentialsProvider.builder()
            .roleArn(Role.OPERATOR.arn())
            .webIdentityTokenFile(token)
            .build()) {
      assertThatThrownBy(provider::resolveCredentials)
          .isInstanceOf(StsException.class)
          .hasMessageContaining("trusts system:serviceaccount:frameflow:frameflow-operator");
    } finally {
      System.clearProperty("aws.endpointUrlSts");
      System.clearProperty("aws.region");
    }
  }

  @Test
  void s3RefusesKeysWhoseSessionExpired() {
    try (TestSts shortLived =
        TestSts.start(directory.resolve("short"), Duration.ofSeconds(-1), Clock.systemUTC())) {
      AwsSessionCredentials expired = (AwsSessionCredentials) irsa(shortLived, Role.API_GATEWAY);
      try (S3Client client = clientOf(expired)) {
        assertThatThrownBy(() -> client.headBucket(b -> b.bucket(InProcessS3.UPLOADS)))
            .isInstanceOf(S3Exception.class)
            .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(400));
      }
    }
  }

  @Test
  void s3RefusesATemporaryKeyWithoutItsSessionToken() {
    AwsSessionCredentials credentials = (AwsSessionCredentials) irsa(Role.API_GATEWAY);
    var withoutToken =
        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
            credentials.accessKeyId(), credentials.secretAccessKey());
    try (S3Client client =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(s3.endpoint())
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(withoutToken))
            .build()) {
      assertThatThrownBy(
              () -> client.getObject(b -> b.bucket(InProcessS3.UPLOADS).key("videos/x/source")))
          .isInstanceOf(S3Exception.class)
          .satisfies(
              e ->
                  assertThat(((S3Exception) e).awsErrorDetails().errorCode())
                      .isEqualTo("InvalidToken"));
    }
  }

  private static software.amazon.awssdk.auth.credentials.AwsCredentials irsa(Role role) {
    return irsa(sts, role);
  }

  /** The keys the SDK's web identity provider gets for a pod of this role. */
  private static software.amazon.awssdk.auth.credentials.AwsCredentials irsa(
      TestSts sts, Role role) {
    var env = sts.irsaEnvironment(role);
    System.setProperty("aws.endpointUrlSts", env.get("AWS_ENDPOINT_URL_STS"));
    System.setProperty("aws.region", "us-east-1");
    try (var provider =
        WebIdentityTokenFileCredentialsProvider.builder()
            .roleArn(env.get("AWS_ROLE_ARN"))
            .webIdentityTokenFile(Path.of(env.get("AWS_WEB_IDENTITY_TOKEN_FILE")))
            .build()) {
      return provider.resolveCredentials();
    } finally {
      System.clearProperty("aws.endpointUrlSts");
      System.clearProperty("aws.region");
    }
  }

  private static S3Client clientOf(software.amazon.awssdk.auth.credentials.AwsCredentials keys) {
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(keys))
        .build();
  }

  private static List<String> recordedLines() throws Exception {
    Path records = Path.of(System.getProperty("frameflow.conformance.dir"), "s3-requests");
    try (Stream<Path> files = Files.list(records)) {
      return files
          .flatMap(
              file -> {
                try {
                  return Files.readAllLines(file).stream();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
