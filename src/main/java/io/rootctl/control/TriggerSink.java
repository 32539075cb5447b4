package io.rootctl.control;

import io.rootctl.control.TriggerQueue.Trigger;
import io.rootctl.model.AccountId;
import java.time.Instant;
import java.util.Set;

/**
 * Where an {@link EventSource} says when the controller should run: the controller's {@link
 * TriggerQueue}. Every request is coalesced with whatever is already pending, so a burst of events
 * becomes one run. A request only decides <em>when</em> the next run happens and which accounts it
 * reads fresh; every run still plans the whole desired state against the whole organization (level
 * based: a missed or duplicated event costs at most a run, never a wrong plan).
 *
 * <p>Thread-safe; no method blocks, so a source may call it from its own thread (a poller, a long
 * poll), from a callback or from a timer. Requests made after the controller stopped are ignored.
 */
public interface TriggerSink {

  /** Asks for a run as soon as the loop is free. */
  void reconcileAll(Trigger why);

  /**
   * Asks for a run no later than {@code at} (by the controller's clock). The earliest deadline
   * asked for wins; any run that starts before it satisfies it (and every other deadline), so a
   * timer asks again after each run.
   */
  void reconcileBy(Trigger why, Instant at);

  /**
   * Says that these accounts changed (an event named them) and asks for a run as soon as the loop
   * is free. Right before that run, their cached reads (the audited root credentials) are dropped,
   * so the run reads them fresh; every other account is read as usual (from the cache while it is
   * younger than {@code --resync}). Accounts named by several calls before the run are merged.
   * Naming an account the organization does not have is harmless: it is forgotten and never read.
   *
   * @param accounts at least one account
   * @throws IllegalArgumentException when {@code accounts} is empty
   */
  void accountsChanged(Set<AccountId> accounts);
}
