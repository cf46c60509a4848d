package dev.frameflow.gateway.resumable;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Resumable uploads ({@code FRAMEFLOW_RESUMABLE_*}). An upload with no bytes for {@code
 * expireAfter} is abandoned: the sweep, every {@code sweepInterval} on each replica, aborts its S3
 * multipart upload. Activity never keeps an upload beyond {@code maxAge} after it began: the
 * buckets' lifecycle (Terraform's {@code abort_incomplete_multipart_days}, 7 by default, checked
 * longer by {@code infra-tests}) aborts multipart uploads by their start date. {@code lockTimeout}
 * is how long a PATCH whose client stopped sending (without closing the connection) keeps the
 * upload from other PATCH requests. The size limit and part size are the form upload's ({@code
 * FRAMEFLOW_UPLOAD_MAX_FILE_SIZE}, {@code FRAMEFLOW_UPLOAD_PART_SIZE}). A user may have {@code
 * maxOpenPerUser} uploads open (created, not completed, not expired) at once: each holds an S3
 * multipart upload. Every PATCH takes one of the form upload's admission slots while it runs
 * ({@code FRAMEFLOW_UPLOAD_MAX_CONCURRENT}, {@code FRAMEFLOW_UPLOAD_MAX_IN_FLIGHT_PER_USER}).
 */
@ConfigurationProperties("frameflow.resumable")
public record ResumableProperties(
    @DefaultValue("24h") Duration expireAfter,
    @DefaultValue("1m") Duration sweepInterval,
    @DefaultValue("1m") Duration lockTimeout,
    @DefaultValue("10") int maxOpenPerUser,
    @DefaultValue("6d") Duration maxAge) {}
