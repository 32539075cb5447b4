/**
 * The desired state, as parsed from YAML: the Organization, OrganizationalUnit and Account
 * documents with the source location of every setting, and {@link
 * io.rootctl.desired.PolicyResolver}, which gives each member account its effective policy. Pure:
 * no I/O, no clock (today's date is a parameter).
 */
@NullMarked
package io.rootctl.desired;

import org.jspecify.annotations.NullMarked;
