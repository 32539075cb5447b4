package io.rootctl.sim;

/**
 * A child of a root or OU as ListChildren returns it: its id and {@code ACCOUNT} or {@code
 * ORGANIZATIONAL_UNIT}.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_Child.html">Child</a>
 */
public record ChildView(String id, String type) {}
