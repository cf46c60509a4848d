package dev.frameflow.operator.testing;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.testing.InProcessS3;
import dev.frameflow.videojob.VideoJob;
import dev.frameflow.videojob.VideoJobNames;
import dev.frameflow.videojob.VideoJobOwner;
import dev.frameflow.videojob.VideoJobSpec;
import java.util.UUID;

/** VideoJobs and {@code video.uploaded} messages the way the api-gateway makes them. */
public final class VideoJobFixtures {

  private VideoJobFixtures() {}

  public static String sourceKey(UUID videoId) {
    return "videos/" + videoId + "/source";
  }

  public static String outputKey(UUID videoId) {
    return "videos/" + videoId + "/frames.zip";
  }

  public static VideoJobSpec spec(UUID videoId) {
    return new VideoJobSpec(
        videoId.toString(),
        new VideoJobOwner("user-1"),
        new ObjectRef(InProcessS3.UPLOADS, sourceKey(videoId)),
        new ObjectRef(InProcessS3.RESULTS, outputKey(videoId)),
        ExtractionOptions.builder().fps(2.0).format(ImageFormat.JPEG).quality(5).build(),
        null,
        null,
        null);
  }

  public static VideoJob videoJob(UUID videoId, VideoJobSpec spec) {
    VideoJob videoJob = new VideoJob(VideoJobNames.videoJob(videoId), spec);
    videoJob.getMetadata().setNamespace(MockKubernetes.NAMESPACE);
    return videoJob;
  }

  public static VideoJob videoJob(UUID videoId) {
    return videoJob(videoId, spec(videoId));
  }

  public static String uploadedMessage(UUID videoId) {
    return """
        {
          "eventId": "%s",
          "type": "video.uploaded",
          "videoId": "%s",
          "occurredAt": "2026-11-28T09:00:00Z",
          "owner": { "userId": "user-1", "email": "ada@example.org" },
          "source": { "bucket": "%s", "key": "%s" },
          "output": { "bucket": "%s", "key": "%s" },
          "originalFilename": "holiday.mp4",
          "sizeBytes": 12345,
          "extraction": { "fps": 2.0, "intervalSeconds": null, "format": "jpeg",
                          "quality": 5, "maxFrames": null, "width": null }
        }
        """
        .formatted(
            UUID.randomUUID(),
            videoId,
            InProcessS3.UPLOADS,
            sourceKey(videoId),
            InProcessS3.RESULTS,
            outputKey(videoId));
  }

  public static String cancelledMessage(UUID videoId) {
    return """
        {"eventId":"%s","type":"video.cancelled","videoId":"%s","occurredAt":"2026-11-28T09:05:00Z"}
        """
        .formatted(UUID.randomUUID(), videoId);
  }
}
