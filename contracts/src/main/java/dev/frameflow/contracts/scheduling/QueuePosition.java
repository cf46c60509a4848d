package dev.frameflow.contracts.scheduling;

/**
 * Where a waiting video stands, counted from 1: {@code inQueue} among all waiting videos in the
 * order the slots will go to them, {@code amongOwners} among its owner's own waiting videos.
 *
 * @param queueLength how many videos wait in all
 * @param podsAhead pods the videos before it will take: with the pods free and the recent run
 *     times, what an estimate of its start is computed from
 */
public record QueuePosition(int inQueue, int amongOwners, int queueLength, long podsAhead) {}
