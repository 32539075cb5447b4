package io.rootctl.observe;

import io.rootctl.live.MemberAccount;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootObservation;
import io.rootctl.model.AccountId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The audits of {@link LiveStateReader#read()} while the walk runs: {@code parallelism} workers on
 * virtual threads take account ids from a bounded queue, which {@link #placed} fills as the walk
 * places accounts (blocking when it is full), and read each once. {@link #finish()} waits for the
 * queue to drain; {@link #close()} (without {@code finish}, e.g. when the walk failed) stops the
 * workers. One use: thread-safe for {@link #placed} from the walk's threads, {@link #finish()} and
 * {@link #close()} from the thread that made it.
 */
final class OverlappedAudits implements AutoCloseable {
  /** Accounts waiting for a worker, per worker: enough to keep them busy, and bounded. */
  private static final int QUEUED_PER_WORKER = 8;

  private static final Optional<AccountId> END = Optional.empty();

  private final LiveStateReader reader;
  private final BlockingQueue<Optional<AccountId>> queue;
  private final Set<AccountId> seen = ConcurrentHashMap.newKeySet();
  private final Map<AccountId, RootObservation> results = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Future<?>> workers = new ArrayList<>();

  OverlappedAudits(LiveStateReader reader, int parallelism) {
    this.reader = reader;
    this.queue = new ArrayBlockingQueue<>(parallelism * QUEUED_PER_WORKER);
    for (int i = 0; i < parallelism; i++) {
      workers.add(threads.submit(this::work));
    }
  }

  private Void work() throws InterruptedException {
    while (true) {
      var next = queue.take();
      if (next.isEmpty()) {
        return null;
      }
      var id = next.get();
      results.put(id, reader.readAccount(id));
    }
  }

  /**
   * The walk placed {@code account}: queue its audit if it can be read and has not been queued
   * before (a retried walk places accounts again). Blocks while the queue is full.
   *
   * @throws CancellationException when interrupted while waiting (the interrupt flag stays set)
   */
  void placed(AccountId management, MemberAccount account) {
    if (!LiveStateReader.isTarget(management, account) || !seen.add(account.id())) {
      return;
    }
    try {
      queue.put(Optional.of(account.id()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("reading the live state was interrupted");
    }
  }

  /**
   * Waits for every queued audit and returns what each read, by account.
   *
   * @throws CancellationException when interrupted (the workers are stopped, the flag stays set)
   */
  Map<AccountId, RootObservation> finish() {
    try {
      for (int i = 0; i < workers.size(); i++) {
        queue.put(END);
      }
      for (var worker : workers) {
        worker.get();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
      throw new CancellationException("reading the live state was interrupted");
    } catch (ExecutionException e) {
      threads.shutdownNow();
      if (e.getCause() instanceof InterruptedException) {
        // A worker stopped by an interrupt: what it had not read stays unread.
        return withUnread();
      }
      if (e.getCause() instanceof RuntimeException bug) {
        throw bug;
      }
      throw new IllegalStateException("reading an account failed unexpectedly", e.getCause());
    }
    return Map.copyOf(results);
  }

  private Map<AccountId, RootObservation> withUnread() {
    var all = new java.util.HashMap<>(results);
    for (var id : seen) {
      all.putIfAbsent(id, new ObservationFailed("interrupted before the account was read", true));
    }
    return all;
  }

  /** Stops the workers (interrupting audits in flight) and waits for them to end. */
  @Override
  public void close() {
    threads.shutdownNow();
    threads.close();
  }
}
