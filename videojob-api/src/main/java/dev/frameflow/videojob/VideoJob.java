package dev.frameflow.videojob;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One video to turn into a ZIP of frames. The operator runs it as one batch/v1 Job and records what
 * happened in {@link VideoJobStatus}; the status is the source of truth.
 */
@Group(VideoJob.GROUP)
@Version(VideoJob.VERSION)
@Kind("VideoJob")
@Plural("videojobs")
@Singular("videojob")
@ShortNames("vj")
@Categories("frameflow")
// kubectl get vj: what a person looks for first; -o wide adds why and the rest
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Progress",
    jsonPath = ".status.progressPercent",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "percent of the extraction done")
@AdditionalPrinterColumn(
    name = "Frames",
    getDescription = "frames in the ZIP: written so far while running, all of them when done",
    jsonPath = ".status.framesWritten",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Slices",
    jsonPath = ".status.slicesDone",
    getDescription = "time slices done / total of a video cut across pods")
@AdditionalPrinterColumn(
    name = "Queue",
    jsonPath = ".status.queuePosition",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "while Queued: place in the whole queue, from 1 (fair share by owner)")
@AdditionalPrinterColumn(
    name = "Est. start",
    jsonPath = ".status.estimatedStart",
    getDescription = "while Queued: estimated start from recent run times (an estimate)")
@AdditionalPrinterColumn(
    name = "Own queue",
    jsonPath = ".status.ownerQueuePosition",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1,
    getDescription = "while Queued: place among the owner's waiting VideoJobs")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Failed\")].reason",
    priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", priority = 1)
@AdditionalPrinterColumn(name = "Video", jsonPath = ".spec.videoId", priority = 1)
@AdditionalPrinterColumn(
    name = "Attempts",
    jsonPath = ".status.attempts",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
public class VideoJob extends CustomResource<VideoJobSpec, VideoJobStatus> implements Namespaced {

  public static final String GROUP = "frameflow.dev";
  public static final String VERSION = "v1alpha1";

  public VideoJob() {}

  public VideoJob(String name, VideoJobSpec spec) {
    getMetadata().setName(name);
    setSpec(spec);
  }
}
