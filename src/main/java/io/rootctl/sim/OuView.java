package io.rootctl.sim;

/**
 * An OU as Organizations lists it.
 *
 * @param path the Organizations entity path, e.g. {@code o-x/r-ab12/ou-ab12-11111111/}
 */
public record OuView(String id, String arn, String name, String parentId, String path) {}
