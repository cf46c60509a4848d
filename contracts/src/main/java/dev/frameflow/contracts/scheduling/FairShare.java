package dev.frameflow.contracts.scheduling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Fair share of extraction pods by owner. When a slot frees it goes to the owner with the fewest
 * running pods (divided by the owner's weight, 1 unless set), so that one owner with 200 queued
 * videos cannot hold every slot; ties break by the oldest waiting video. Within one owner, the
 * oldest video goes first. An owner at its ceiling waits while any other owner's video waits, and
 * runs on when nobody else waits (the ceiling never leaves a slot idle).
 *
 * <p>The decision is pure: it reads running pods per owner and the waiting videos, both of which
 * the callers keep in caches; it lists nothing. Nobody overtakes the first video that does not fit
 * (a sliced video waiting for its pods would otherwise starve behind one-pod videos).
 */
public final class FairShare {

  /** A ceiling of 0: none. */
  public static final int NO_CEILING = 0;

  private final int cap;
  private final int ownerCeiling;
  private final Map<String, Double> weights;

  /**
   * @param cap pods that may run at once, over all owners
   * @param ownerCeiling pods one owner may run while others wait ({@link #NO_CEILING}: none)
   * @param weights owners' weights (a plan); an owner not named weighs 1
   */
  public FairShare(int cap, int ownerCeiling, Map<String, ? extends Number> weights) {
    if (cap < 1) {
      throw new IllegalArgumentException("the cap must be at least 1, was " + cap);
    }
    if (ownerCeiling < 0) {
      throw new IllegalArgumentException("the owner ceiling must not be negative");
    }
    Map<String, Double> w = new HashMap<>();
    weights.forEach(
        (owner, weight) -> {
          if (!(weight.doubleValue() > 0)) {
            throw new IllegalArgumentException("the weight of " + owner + " must be positive");
          }
          w.put(owner, weight.doubleValue());
        });
    this.cap = cap;
    this.ownerCeiling = ownerCeiling;
    this.weights = Map.copyOf(w);
  }

  public FairShare(int cap) {
    this(cap, NO_CEILING, Map.of());
  }

  public int cap() {
    return cap;
  }

  public int ownerCeiling() {
    return ownerCeiling;
  }

  /**
   * The line, in the order the slots will go.
   *
   * @param runningPods pods running per owner (owners with none may be left out)
   * @param waiting the videos waiting for a slot, in any order
   */
  public Line line(Map<String, ? extends Number> runningPods, Collection<WaitingVideo> waiting) {
    Map<String, Deque<WaitingVideo>> byOwner = new HashMap<>();
    for (WaitingVideo video : waiting) {
      byOwner.computeIfAbsent(video.owner(), o -> new ArrayDeque<>()).add(video);
    }
    long inUse = 0;
    for (Number pods : runningPods.values()) {
      inUse += pods.longValue();
    }
    PriorityQueue<Turn> turns = new PriorityQueue<>(Turn.ORDER);
    Map<String, Long> virtual = new HashMap<>();
    for (Map.Entry<String, Deque<WaitingVideo>> owner : byOwner.entrySet()) {
      List<WaitingVideo> sorted = new ArrayList<>(owner.getValue());
      sorted.sort(WaitingVideo.OLDEST_FIRST);
      Deque<WaitingVideo> queue = new ArrayDeque<>(sorted);
      owner.setValue(queue);
      Number running = runningPods.get(owner.getKey());
      long pods = running == null ? 0 : running.longValue();
      virtual.put(owner.getKey(), pods);
      turns.add(turn(owner.getKey(), pods, queue.peekFirst()));
    }
    List<WaitingVideo> order = new ArrayList<>(waiting.size());
    while (!turns.isEmpty()) {
      Turn turn = turns.poll();
      Deque<WaitingVideo> queue = byOwner.get(turn.owner());
      WaitingVideo next = queue.pollFirst();
      order.add(next);
      long pods = virtual.merge(turn.owner(), (long) next.pods(), Long::sum);
      if (!queue.isEmpty()) {
        turns.add(turn(turn.owner(), pods, queue.peekFirst()));
      }
    }
    return new Line(order, runningPods, inUse);
  }

  private Turn turn(String owner, long running, WaitingVideo head) {
    boolean overCeiling = ownerCeiling != NO_CEILING && running + head.pods() > ownerCeiling;
    return new Turn(owner, overCeiling, running / weights.getOrDefault(owner, 1.0), head);
  }

  /** One owner's next video, and what decides whose turn it is. */
  private record Turn(String owner, boolean overCeiling, double share, WaitingVideo head) {
    static final Comparator<Turn> ORDER =
        Comparator.comparing(Turn::overCeiling)
            .thenComparingDouble(Turn::share)
            .thenComparing(Turn::head, WaitingVideo.OLDEST_FIRST);
  }

  /** The waiting videos in the order the slots go to them, and who may start now. */
  public final class Line {

    private final List<WaitingVideo> order;
    private final Map<String, ? extends Number> running;
    private final long inUse;
    private final Map<String, Integer> index = new HashMap<>();
    private final QueuePosition[] positions;
    private final int admitted;

    private Line(List<WaitingVideo> order, Map<String, ? extends Number> running, long inUse) {
      this.order = List.copyOf(order);
      this.running = running;
      this.inUse = inUse;
      long free = cap - inUse;
      int fit = 0;
      for (WaitingVideo video : order) {
        if (video.pods() > free) {
          break; // nobody overtakes the first that does not fit
        }
        free -= video.pods();
        fit++;
      }
      this.admitted = fit;
      // every position at once, in one walk: callers ask for all of them (heartbeats, the page)
      this.positions = new QueuePosition[order.size()];
      Map<String, Integer> ownersSoFar = new HashMap<>();
      long podsAhead = 0;
      for (int i = 0; i < order.size(); i++) {
        WaitingVideo video = order.get(i);
        index.put(video.id(), i);
        int amongOwners = ownersSoFar.merge(video.owner(), 1, Integer::sum);
        positions[i] = new QueuePosition(i + 1, amongOwners, order.size(), podsAhead);
        podsAhead += video.pods();
      }
    }

    public List<WaitingVideo> order() {
      return order;
    }

    /** The videos that may start now: the head of the line, as many as fit. */
    public List<WaitingVideo> admitted() {
      return order.subList(0, admitted);
    }

    /** Pods running over all owners. */
    public long inUse() {
      return inUse;
    }

    /**
     * @throws IllegalArgumentException when {@code id} is not waiting
     */
    public SlotDecision decide(String id) {
      Integer at = index.get(id);
      if (at == null) {
        throw new IllegalArgumentException(id + " is not waiting");
      }
      WaitingVideo video = order.get(at);
      if (at < admitted) {
        return new SlotDecision.Admit(video);
      }
      return new SlotDecision.Wait(reason(video, at), position(id).orElseThrow());
    }

    /** Where {@code id} stands in the line, if it waits. */
    public Optional<QueuePosition> position(String id) {
      Integer at = index.get(id);
      return at == null ? Optional.empty() : Optional.of(positions[at]);
    }

    private String reason(WaitingVideo video, int at) {
      Number own = running.get(video.owner());
      long ownerRunning = own == null ? 0 : own.longValue();
      StringBuilder why =
          new StringBuilder("waiting: ")
              .append(inUse)
              .append(" of ")
              .append(cap)
              .append(" pods in use, owner has ")
              .append(ownerRunning)
              .append(" running");
      if (ownerCeiling != NO_CEILING && ownerRunning + video.pods() > ownerCeiling) {
        why.append(" (ceiling ").append(ownerCeiling).append(" while others wait)");
      }
      if (at > 0) {
        why.append(", ").append(at).append(at == 1 ? " video" : " videos").append(" ahead");
      }
      return why.toString();
    }
  }
}
