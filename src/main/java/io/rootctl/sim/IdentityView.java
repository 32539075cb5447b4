package io.rootctl.sim;

/** GetCallerIdentity's answer. */
public record IdentityView(String userId, String account, String arn) {}
