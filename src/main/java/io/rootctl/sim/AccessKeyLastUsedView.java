package io.rootctl.sim;

import java.time.Instant;
import java.util.Optional;

/** GetAccessKeyLastUsed's answer; service and region are {@code N/A} when never used. */
public record AccessKeyLastUsedView(
    Optional<String> userName, Optional<Instant> lastUsed, String serviceName, String region) {}
