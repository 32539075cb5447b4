package io.rootctl.live;

import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;

/**
 * An OU in the live tree.
 *
 * @param parentId the parent's id: the root id ({@code r-...}) or another OU's id
 * @param path the names from the root down to this OU, e.g. {@code /Root/Workloads/Prod}
 */
public record OrganizationalUnit(OuId id, String name, String parentId, OuPath path) {}
