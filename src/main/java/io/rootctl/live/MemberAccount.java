package io.rootctl.live;

import io.rootctl.model.AccountId;

/**
 * An account of the organization, as Organizations lists it.
 *
 * @param parentId the id of the root ({@code r-...}) or OU ({@code ou-...}) that directly holds it
 */
public record MemberAccount(
    AccountId id, String name, String email, AccountState state, String parentId) {}
