package dev.frameflow.gateway.thumbnails;

/** Where one entry of a ZIP lives: its local header offset and its stored size. */
record ZipEntryRef(String name, int method, long compressedSize, long localHeaderOffset) {}
