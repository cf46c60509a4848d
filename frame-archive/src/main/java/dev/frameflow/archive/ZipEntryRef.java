package dev.frameflow.archive;

/** Where one entry of a ZIP lives: its local header offset and its stored size. */
public record ZipEntryRef(String name, int method, long compressedSize, long localHeaderOffset) {}
