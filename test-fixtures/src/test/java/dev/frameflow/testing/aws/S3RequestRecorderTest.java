package dev.frameflow.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.testing.aws.S3RequestRecorder.Authorized;
import org.junit.jupiter.api.Test;

/** Each S3 request is recorded as the IAM action S3 authorizes it as. */
class S3RequestRecorderTest {

  private static java.util.List<Authorized> authorize(String method, String pathAndQuery) {
    return authorize(method, pathAndQuery, null);
  }

  private static java.util.List<Authorized> authorize(
      String method, String pathAndQuery, String copySource) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    String query = question < 0 ? null : pathAndQuery.substring(question + 1);
    return S3RequestRecorder.authorize(
        method, path, S3RequestRecorder.parameters(query), copySource);
  }

  @Test
  void readsOfAnObjectAndItsHeadAreGetObject() {
    assertThat(authorize("GET", "/b/videos/1/source"))
        .containsExactly(new Authorized("s3:GetObject", "b", "videos/1/source", null));
    assertThat(authorize("HEAD", "/b/videos/1/source"))
        .containsExactly(new Authorized("s3:GetObject", "b", "videos/1/source", null));
  }

  @Test
  void everyStepOfAMultipartUploadIsPutObjectButAbortAndListParts() {
    assertThat(authorize("POST", "/b/k?uploads"))
        .extracting(Authorized::action)
        .containsExactly("s3:PutObject");
    assertThat(authorize("PUT", "/b/k?partNumber=1&uploadId=u"))
        .extracting(Authorized::action)
        .containsExactly("s3:PutObject");
    assertThat(authorize("POST", "/b/k?uploadId=u"))
        .extracting(Authorized::action)
        .containsExactly("s3:PutObject");
    assertThat(authorize("DELETE", "/b/k?uploadId=u"))
        .extracting(Authorized::action)
        .containsExactly("s3:AbortMultipartUpload");
    assertThat(authorize("GET", "/b/k?uploadId=u"))
        .extracting(Authorized::action)
        .containsExactly("s3:ListMultipartUploadParts");
  }

  @Test
  void aListingIsListBucketWithItsPrefixAsTheConditionKey() {
    assertThat(authorize("GET", "/b?list-type=2&prefix=videos%2F1%2F"))
        .containsExactly(new Authorized("s3:ListBucket", "b", null, "videos/1/"));
    assertThat(authorize("GET", "/b?uploads"))
        .containsExactly(new Authorized("s3:ListBucketMultipartUploads", "b", null, null));
    assertThat(authorize("GET", "/"))
        .containsExactly(new Authorized("s3:ListAllMyBuckets", null, null, null));
  }

  @Test
  void aCopyAlsoReadsItsSource() {
    assertThat(authorize("PUT", "/b/to", "/a/from%20here?versionId=3"))
        .containsExactly(
            new Authorized("s3:PutObject", "b", "to", null),
            new Authorized("s3:GetObject", "a", "from here", null));
  }

  @Test
  void testBucketsAreKnownByTheirLogicalNames() {
    assertThat(S3RequestRecorder.logicalBucket("frameflow-uploads")).isEqualTo("uploads");
    assertThat(S3RequestRecorder.logicalBucket("it-results")).isEqualTo("results");
  }
}
