package io.rootctl.desired;

/**
 * A relaxation passed over for one account and field because its exception has expired: the
 * document that wrote it and that exception. The setting in force then comes from a farther
 * document, and the plan's reasons say why the nearer one no longer counts.
 *
 * @param document the document as {@link Origin#description()} names it, e.g. {@code account
 *     staging} or {@code OU /Root/Workloads}
 * @param exception its exception, expired on the day of resolution
 */
public record LapsedException(String document, PolicyException exception) {}
