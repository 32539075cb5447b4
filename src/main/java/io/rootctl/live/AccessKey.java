package io.rootctl.live;

import java.time.Instant;
import java.util.Optional;

/**
 * A root access key. The secret is never known to rootctl.
 *
 * @param status {@code Active}, {@code Inactive} or {@code Expired}, as IAM reports it
 * @param lastUsed when it was last used, if IAM knows (GetAccessKeyLastUsed)
 */
public record AccessKey(String id, String status, Instant created, Optional<Instant> lastUsed) {}
