package dev.frameflow.contracts.result;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a user is shown for a failure is a catalogue sentence, whatever the producer sent. */
class FailureReasonTest {

  @Test
  void everySentenceOfTheCatalogueIsShownAsItIsWithItsCode() {
    for (FailureReason reason : FailureReason.values()) {
      FailureReason.Shown shown = FailureReason.shown(reason.text());
      assertThat(shown.reason()).isEqualTo(reason);
      assertThat(shown.text()).isEqualTo(reason.text());
    }
    assertThat(FailureReason.AUDIO_ONLY.code()).isEqualTo("audio-only");
    assertThat(FailureReason.shown("the video is longer than 4 h").text())
        .isEqualTo("the video is longer than 4 h");
    assertThat(FailureReason.shown("the frames do not fit in the largest ZIP (8 GiB)").reason())
        .isEqualTo(FailureReason.RESULT_TOO_LARGE);
  }

  @Test
  void anythingElseIsShownAsInternalOrAsTheCatalogueSentenceItQuotes() {
    FailureReason.Shown leak =
        FailureReason.shown(
            "ImagePullBackOff: Back-off pulling image"
                + " 123456789012.dkr.ecr.eu-west-1.amazonaws.com/frameflow/extractor:1.2");
    assertThat(leak.reason()).isEqualTo(FailureReason.INTERNAL);
    assertThat(leak.text()).isEqualTo("the extraction failed on our side");
    assertThat(FailureReason.shown(null).reason()).isEqualTo(FailureReason.INTERNAL);
    // a limit that is no number of the catalogue's units is no sentence of it
    assertThat(FailureReason.shown("the video is longer than 10.0.3.7").reason())
        .isEqualTo(FailureReason.INTERNAL);

    FailureReason.Shown quoted =
        FailureReason.shown(
            "failed 3 times, last: the source could not be read (exit code 1) at 10.0.3.7");
    assertThat(quoted.reason()).isEqualTo(FailureReason.SOURCE_UNREADABLE);
    assertThat(quoted.text()).isEqualTo("the source could not be read");
  }

  @Test
  void theRuleAfterInvalidOptionsIsKeptUnlessItCarriesAnInternalDetail() {
    assertThat(
            FailureReason.shown("the extraction options are invalid: fps must be at most 120")
                .text())
        .isEqualTo("the extraction options are invalid: fps must be at most 120");
    for (String detail :
        new String[] {
          "10.0.3.7",
          "account 123456789012",
          "s3://bucket/key",
          "/var/lib/x",
          "ip-10-0-3-7.internal"
        }) {
      assertThat(FailureReason.shown("the extraction options are invalid: " + detail).text())
          .as(detail)
          .isEqualTo("the extraction options are invalid");
    }
  }
}
