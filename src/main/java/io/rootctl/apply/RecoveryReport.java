package io.rootctl.apply;

import java.util.List;

/**
 * What crash recovery found and did.
 *
 * @param unfinished writes the journal showed started without an outcome, before recovery
 * @param orphans virtual MFA devices the journal showed deactivated and not deleted
 * @param done one line per write recovery closed or made, for the operator
 * @param left one line per write recovery could not close (an account it could not read, a deletion
 *     the desired state no longer allows, a delete AWS refused): each stays unfinished in the
 *     journal and is tried again at the next start
 */
public record RecoveryReport(int unfinished, int orphans, List<String> done, List<String> left) {

  public RecoveryReport {
    done = List.copyOf(done);
    left = List.copyOf(left);
  }

  /** Nothing to recover. */
  public static final RecoveryReport NOTHING = new RecoveryReport(0, 0, List.of(), List.of());

  /** Whether every interrupted write now has an outcome and no orphan is left. */
  public boolean clean() {
    return left.isEmpty();
  }

  /** Whether there was anything to recover. */
  public boolean any() {
    return unfinished > 0 || orphans > 0;
  }
}
