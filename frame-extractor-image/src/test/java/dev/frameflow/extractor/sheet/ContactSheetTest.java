package dev.frameflow.extractor.sheet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ContactSheetTest {

  @Test
  void manyFramesGiveAnEvenSelectionOfAtMostTheLimitAndReadOnlyWhatIsKept() throws Exception {
    List<Path> read = new ArrayList<>();
    ContactSheet sheet =
        new ContactSheet(
            file -> {
              read.add(file);
              return new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
            });
    for (int i = 0; i < 1000; i++) {
      sheet.offer(Path.of("f" + i), i);
    }
    assertThat(sheet.size()).isEqualTo(ExtractionLimits.MAX_CONTACT_SHEET_FRAMES);
    assertThat(read.size()).as("frames read").isLessThan(500);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sheet.write(out);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    // 10 columns of 160 + 4 px; 10 rows of 90 + 16 (label) + 4
    assertThat(image.getWidth()).isEqualTo(4 + 10 * 164);
    assertThat(image.getHeight()).isEqualTo(4 + 10 * 110);
  }

  @Test
  void labelsAreHoursMinutesSecondsAndMilliseconds() {
    assertThat(ContactSheet.label(3725.25)).isEqualTo("1:02:05.250");
    assertThat(ContactSheet.label(0)).isEqualTo("0:00:00.000");
  }
}
