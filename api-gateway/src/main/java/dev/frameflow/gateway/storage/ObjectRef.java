package dev.frameflow.gateway.storage;

/** An object in S3; the shape used in events ({@code source}, {@code output}). */
public record ObjectRef(String bucket, String key) {}
