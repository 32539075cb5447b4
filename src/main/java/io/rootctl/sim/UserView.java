package io.rootctl.sim;

import java.time.Instant;
import java.util.Optional;

/** GetUser's {@code User}; for the root user the id is the account id and there is no name. */
public record UserView(
    String userId,
    Optional<String> userName,
    String arn,
    Instant created,
    Optional<Instant> passwordLastUsed) {}
