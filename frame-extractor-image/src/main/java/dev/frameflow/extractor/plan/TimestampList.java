package dev.frameflow.extractor.plan;

import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code timestamps} of a request as seconds from the start of the video, in time order and
 * each once: {@code "12.5"} is 12.5 s, {@code "50%"} half the duration. A time past the end of the
 * video is refused (a percentage never is: 100 % is the last frame).
 */
public final class TimestampList {

  private TimestampList() {}

  public static double[] resolve(List<String> timestamps, double durationSeconds) {
    TreeSet<Double> times = new TreeSet<>();
    for (String text : timestamps) {
      String value = text.strip();
      if (value.endsWith("%")) {
        double percent = Double.parseDouble(value.substring(0, value.length() - 1));
        times.add(durationSeconds * percent / 100);
      } else {
        double seconds = Double.parseDouble(value);
        if (seconds > durationSeconds) {
          throw new BadInputException(
              FailureReason.INVALID_OPTIONS,
              "timestamp "
                  + value
                  + " s is past the end of the video ("
                  + java.math.BigDecimal.valueOf(Math.round(durationSeconds * 1000) / 1000.0)
                      .stripTrailingZeros()
                      .toPlainString()
                  + " s)");
        }
        times.add(seconds);
      }
    }
    return times.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
