package io.rootctl.live;

import java.time.Instant;

/**
 * The root user's login profile. Its existence is what "password recovery allowed" means in AWS;
 * whether a password is actually set is {@link RootCredentials#passwordPresent()}.
 */
public record LoginProfile(Instant createDate, boolean passwordResetRequired) {}
