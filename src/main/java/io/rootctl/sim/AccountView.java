package io.rootctl.sim;

import io.rootctl.live.AccountState;
import io.rootctl.model.AccountId;
import java.time.Instant;

/**
 * An account as Organizations lists it.
 *
 * @param parentId the root or OU directly holding it
 * @param path the Organizations entity path, e.g. {@code o-x/r-ab12/ou-ab12-11111111/111111111111/}
 */
public record AccountView(
    AccountId id,
    String arn,
    String name,
    String email,
    AccountState state,
    String parentId,
    String path,
    Instant joined) {}
