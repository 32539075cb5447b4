/**
 * The ports through which rootctl talks to AWS, in rootctl's own vocabulary: {@link
 * io.rootctl.cloud.OrganizationClient} (the organization reader and its feature switches), {@link
 * io.rootctl.cloud.RootSessionClient} (opens {@code sts:AssumeRoot} sessions) and {@link
 * io.rootctl.cloud.RootSession} (the root-credential operations inside one). No AWS SDK type
 * crosses these interfaces; failures are {@link io.rootctl.cloud.CloudException}s, either retryable
 * or terminal by type.
 */
@NullMarked
package io.rootctl.cloud;

import org.jspecify.annotations.NullMarked;
