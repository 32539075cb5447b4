/**
 * The incident commands' use case: {@link io.rootctl.unlock.Unlocker} reads a locked resource's
 * policy (an S3 bucket policy, an SQS queue policy) in a root session and deletes or replaces it,
 * under the writer lock, with every write in the audit journal. Not a plan action: nothing here is
 * declared in the desired state. Uses the {@code cloud} ports, the {@code audit} log and the {@code
 * lock}.
 */
@NullMarked
package io.rootctl.unlock;

import org.jspecify.annotations.NullMarked;
