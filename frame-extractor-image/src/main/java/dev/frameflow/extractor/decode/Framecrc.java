package dev.frameflow.extractor.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first stream's packets in ffmpeg's {@code framecrc} output ({@code -f framecrc}: one line a
 * packet, {@code stream, dts, pts, duration, size, checksum[, F=flags, ...]}), the way the
 * copy-only runs of {@link SafeSeek} and {@link KeyframeIndexer} read them. framecrc prints the
 * flags only when a packet is not just a keyframe, so a line without {@code F=} is a keyframe.
 *
 * @param timeBaseNum the stream's time base numerator (1 when the output names none)
 * @param timeBaseDen its denominator (1 when the output names none)
 * @param timeBaseSeen whether the output named the time base
 * @param packets the packets, in output order
 */
record Framecrc(long timeBaseNum, long timeBaseDen, boolean timeBaseSeen, List<Packet> packets) {

  /** One packet: presentation time in time-base units, size in bytes, keyframe or not. */
  record Packet(long pts, long size, boolean keyframe) {}

  private static final Pattern TIME_BASE = Pattern.compile("^#tb 0: (\\d+)/(\\d+)");
  private static final Pattern PACKET =
      Pattern.compile("^0,\\s*(-?\\d+),\\s*(-?\\d+),\\s*(\\d+),\\s*(\\d+),\\s*0x[0-9a-fA-F]+(.*)$");

  static Framecrc parse(List<String> lines) {
    long num = 1;
    long den = 1;
    boolean seen = false;
    List<Packet> packets = new ArrayList<>();
    for (String line : lines) {
      Matcher tb = TIME_BASE.matcher(line);
      if (tb.find()) {
        num = Long.parseLong(tb.group(1));
        den = Long.parseLong(tb.group(2));
        seen = true;
        continue;
      }
      Matcher packet = PACKET.matcher(line);
      if (packet.find()) {
        packets.add(
            new Packet(
                Long.parseLong(packet.group(2)),
                Long.parseLong(packet.group(4)),
                !packet.group(5).contains("F=")));
      }
    }
    return new Framecrc(num, den, seen, packets);
  }

  /** A packet's presentation time in seconds (of the container's clock). */
  double seconds(Packet packet) {
    return packet.pts() * (double) timeBaseNum / timeBaseDen;
  }
}
