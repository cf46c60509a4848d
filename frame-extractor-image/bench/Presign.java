import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Prints a presigned GET of one object, as the operator gives a Job: ranged-reads.sh runs it as a
 * source file (java -cp CLASSPATH Presign.java ENDPOINT ACCESS SECRET BUCKET KEY...), one URL a line.
 */
public final class Presign {
  public static void main(String[] args) {
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(URI.create(args[0]))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(args[1], args[2])))
            .build()) {
      for (int i = 4; i < args.length; i++) {
        String key = args[i];
        System.out.println(
            presigner
                .presignGetObject(
                    p ->
                        p.signatureDuration(Duration.ofHours(2))
                            .getObjectRequest(g -> g.bucket(args[3]).key(key)))
                .url());
      }
    }
  }
}
