package io.rootctl.unlock;

import java.util.Optional;

/**
 * A resource's policy as read in a root session, before any change.
 *
 * @param policy the policy as AWS returned it; empty when the resource has none (nothing to unlock)
 */
public record Inspection(UnlockTarget target, Optional<String> policy) {}
